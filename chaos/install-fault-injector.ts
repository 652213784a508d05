/**
 * A process-wide hook: every SDK v3 client, however and wherever it was constructed (the handlers
 * build theirs as `tracing.captureClient(new XClient(...))`), gets the fault middlewares before its
 * first send, with no change to product code.
 *
 * All service clients extend one base class, `Client`, whose `send` resolves the middleware stack.
 * In this SDK generation (client-* 3.11xx, @smithy/core 3.x) that class is exported by
 * `@smithy/core/client`; `@smithy/smithy-client` is not installed at all (`npm ls
 * @smithy/smithy-client` is empty) and every @aws-sdk/client-* in package.json resolves the same
 * single @smithy/core (test/chaos/install-fault-injector.test.ts checks `instanceof` for each). Should
 * an older client bring its own `@smithy/smithy-client`, `baseClientClasses` finds it too and each
 * distinct base is patched.
 *
 * Clients whose `send` was replaced on the instance or its class (aws-sdk-client-mock's mockClient)
 * bypass the hook: they never reach the stack anyway.
 *
 * @example
 * const plan = new FaultPlan({ seed: 1, rate: 0.05 });
 * const uninstall = installFaultInjector(plan);
 * try { await handler(event, context); } finally { uninstall(); }
 */
import { Client } from '@smithy/core/client';
import type { FaultPlan } from './fault-plan';
import { injectFaults, removeFaults, type StackClient } from './fault-middleware';

type Send = (this: StackClient, ...args: unknown[]) => unknown;
interface BaseClientClass {
  prototype: { send: Send };
}

/** The distinct base client classes loadable from here: @smithy/core/client, and @smithy/smithy-client when present. */
export function baseClientClasses(): BaseClientClass[] {
  const found = new Set<BaseClientClass>([Client as unknown as BaseClientClass]);
  try {
    const legacy = require('@smithy/smithy-client') as { Client?: BaseClientClass };
    if (legacy.Client) found.add(legacy.Client);
  } catch {
    // not installed: every client extends @smithy/core/client's Client
  }
  return [...found];
}

/**
 * Patches `send` of every base client class so each client gets `injectFaults(client, plan)` before
 * sending. Returns `uninstall()`, which restores `send` and removes the middlewares from the clients
 * it injected (clients made later are left alone).
 */
export function installFaultInjector(plan: FaultPlan, classes: readonly BaseClientClass[] = baseClientClasses()): () => void {
  const clients = new Set<StackClient>();
  const restore = classes.map((cls) => {
    const original = cls.prototype.send;
    cls.prototype.send = function sendWithFaults(this: StackClient, ...args: unknown[]) {
      injectFaults(this, plan);
      clients.add(this);
      return original.apply(this, args);
    };
    return () => {
      cls.prototype.send = original;
    };
  });
  let installed = true;
  return () => {
    if (!installed) return;
    installed = false;
    for (const r of restore.reverse()) r();
    for (const c of clients) removeFaults(c);
    clients.clear();
  };
}
