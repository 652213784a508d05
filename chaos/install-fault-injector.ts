/**
 * A process-wide hook: every SDK v3 client, however and wherever it was constructed (the handlers
 * build theirs as `tracing.captureClient(new XClient(...))`), gets the fault middlewares before its
 * first send, with no change to product code.
 *
 * All service clients extend one base class, `Client`, whose `send` resolves the middleware stack.
 * In this SDK generation (client-* 3.11xx, @smithy/core 3.x) that class is exported by
 * `@smithy/core/client`; `@smithy/smithy-client` is not installed at all (`npm ls
 * @smithy/smithy-client` is empty) and every @aws-sdk/client-* in package.json resolves the same
 * single @smithy/core (test/chaos/install-fault-injector.test.ts checks each). The base is found on
 * the pipeline clients' prototype chains (the class they really extend, whatever copy that is); should
 * a client bring its own copy, pass it to `baseClientClasses`, and a legacy `@smithy/smithy-client`
 * is picked up when installed: each distinct base is patched.
 *
 * Clients whose `send` was replaced on the instance or its class (aws-sdk-client-mock's mockClient)
 * bypass the hook: they never reach the stack anyway.
 *
 * @example
 * const plan = new FaultPlan({ seed: 1, rate: 0.05 });
 * const uninstall = installFaultInjector(plan);
 * try { await handler(event, context); } finally { uninstall(); }
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { FaultPlan } from './fault-plan';
import { injectFaults, removeFaults, type StackClient } from './fault-middleware';

type Send = (this: StackClient, ...args: unknown[]) => unknown;
interface BaseClientClass {
  prototype: { send: Send };
}

/** The service clients of the deployed path (ingest, state, queue, publisher). */
export const PIPELINE_CLIENTS: readonly (abstract new (...args: never[]) => unknown)[] = [DynamoDBClient, SQSClient, SNSClient, SecurityHubClient];

/** The class on `clientClass`'s chain that defines `send` (the SDK's base Client). */
export function baseClientOf(clientClass: abstract new (...args: never[]) => unknown): BaseClientClass {
  let cls: unknown = clientClass;
  while (typeof cls === 'function' && !Object.prototype.hasOwnProperty.call(cls.prototype, 'send')) cls = Object.getPrototypeOf(cls);
  if (typeof cls !== 'function') throw new Error(`${clientClass.name} has no send on its prototype chain`);
  return cls as unknown as BaseClientClass;
}

/**
 * The distinct base client classes of the given service clients (one, @smithy/core/client's
 * Client, in this install), plus @smithy/smithy-client's when one is installed.
 */
export function baseClientClasses(clientClasses: readonly (abstract new (...args: never[]) => unknown)[] = PIPELINE_CLIENTS): BaseClientClass[] {
  const found = new Set<BaseClientClass>(clientClasses.map(baseClientOf));
  try {
    const legacy = require('@smithy/smithy-client') as { Client?: BaseClientClass };
    if (legacy.Client) found.add(legacy.Client);
  } catch {
    // not installed: every client extends @smithy/core/client's Client
  }
  return [...found];
}

/** Clients the harness uses to prepare and read back the world: never injected, never observed. */
const exempt = new WeakSet<object>();

/** Marks a client as the harness's own (set-up, queue pumps, read-back): the injector leaves it alone. Returns it. */
export function exemptFromChaos<C extends object>(client: C): C {
  exempt.add(client);
  return client;
}

export function isExemptFromChaos(client: object): boolean {
  return exempt.has(client);
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
      if (exempt.has(this)) return original.apply(this, args);
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
