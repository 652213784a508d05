/**
 * What the pipeline's SDK clients sent and got back, for the chaos report: every logical call of a
 * non-exempt client (service, operation, input, output or error, attempts the SDK's retry strategy
 * spent). The run reads Security Hub imports and SNS publishes from it, as the services accepted them.
 * Patches the same base `send` as the fault injector (install-fault-injector.ts), outside it.
 */
import type { StackClient } from './fault-middleware';
import { baseClientClasses, isExemptFromChaos } from './install-fault-injector';

export interface ObservedCall {
  readonly service: string;
  readonly operation: string;
  readonly input: Record<string, unknown>;
  /** The output when the call succeeded (after the SDK's retries). */
  readonly output?: Record<string, unknown>;
  readonly error?: string;
  /** Attempts made (1 = no retry). */
  readonly attempts: number;
}

interface Command {
  input?: unknown;
  constructor: { name: string };
}

function attemptsOf(x: unknown): number {
  const meta = (x as { $metadata?: { attempts?: number } } | undefined)?.$metadata;
  return meta?.attempts ?? 1;
}

/** Calls `listener` after each call settles; returns `uninstall()`. */
export function observeCalls(listener: (call: ObservedCall) => void): () => void {
  const restore = baseClientClasses().map((cls) => {
    const original = cls.prototype.send;
    cls.prototype.send = function sendObserved(this: StackClient, ...args: unknown[]) {
      const result = original.apply(this, args);
      if (isExemptFromChaos(this) || !(result instanceof Promise)) return result;
      const command = args[0] as Command;
      const service = this.constructor.name.replace(/Client$/, '');
      const operation = command.constructor.name.replace(/Command$/, '');
      const input = (command.input ?? {}) as Record<string, unknown>;
      return result.then(
        (output: Record<string, unknown>) => {
          listener({ service, operation, input, output, attempts: attemptsOf(output) });
          return output;
        },
        (e: unknown) => {
          listener({ service, operation, input, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e), attempts: attemptsOf(e) });
          throw e;
        },
      );
    };
    return () => {
      cls.prototype.send = original;
    };
  });
  return () => restore.reverse().forEach((r) => r());
}
