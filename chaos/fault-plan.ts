/**
 * A seeded fault plan: which calls the fault injector (chaos/fault-middleware.ts) breaks, and how.
 * Every decision is drawn from one PRNG stream per `service.operation` (e.g. `DynamoDB.BatchWriteItem`),
 * derived from the seed, so a run is reproducible given the seed and the sequence of calls to each
 * operation, whatever the interleaving between operations. Clients of one service share the stream
 * of each operation (clients carry no stable identity across runs).
 *
 * Two levels of decision, each at probability `rate`:
 * - per attempt (inside the SDK's retry loop): `throttling`, `server-error`, `timeout`;
 * - per logical call (outside it, what the caller sees): `partial-batch` (BatchWriteItem,
 *   BatchImportFindings, SendMessageBatch) and `publish-error` (SNS Publish: a burst of failing
 *   attempts that the SDK's retries may or may not outlast).
 *
 * @example
 * const plan = new FaultPlan({ seed: 42, rate: 0.1 });
 * const uninstall = installFaultInjector(plan);
 * // … run the handlers …
 * uninstall();
 * console.log(plan.injected()); // { 'DynamoDB.BatchWriteItem.partial-batch': 3, 'SNS.Publish.throttling': 1, … }
 */
import { fnv1a, mulberry32 } from './seeded-random';

/** Faults thrown inside the SDK's retry loop, one attempt at a time. */
export const ATTEMPT_FAULT_KINDS = ['throttling', 'server-error', 'timeout'] as const;
/** Faults decided once per logical call, outside the retry loop. */
export const CALL_FAULT_KINDS = ['partial-batch', 'publish-error'] as const;
export const FAULT_KINDS = [...ATTEMPT_FAULT_KINDS, ...CALL_FAULT_KINDS] as const;

export type AttemptFaultKind = (typeof ATTEMPT_FAULT_KINDS)[number];
export type CallFaultKind = (typeof CALL_FAULT_KINDS)[number];
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The operations each call-level fault applies to, as `service.operation`. */
export const CALL_FAULT_OPERATIONS: Readonly<Record<CallFaultKind, readonly string[]>> = {
  'partial-batch': ['DynamoDB.BatchWriteItem', 'SecurityHub.BatchImportFindings', 'SQS.SendMessageBatch'],
  'publish-error': ['SNS.Publish'],
};

export interface FaultPlanOptions {
  /** Any integer; the same seed and call sequence give the same faults. */
  seed: number;
  /** Probability, per attempt and per logical call, of injecting a fault: 0 (never) to 1 (always). */
  rate: number;
  /** The kinds to inject; default all of FAULT_KINDS. */
  kinds?: readonly FaultKind[];
}

export class FaultPlan {
  readonly seed: number;
  readonly rate: number;
  readonly kinds: ReadonlySet<FaultKind>;
  private readonly streams = new Map<string, () => number>();
  private readonly counts = new Map<string, number>();

  constructor(options: FaultPlanOptions) {
    if (!Number.isFinite(options.rate) || options.rate < 0 || options.rate > 1) throw new RangeError(`FaultPlan rate must be in [0, 1], got ${options.rate}`);
    if (!Number.isInteger(options.seed)) throw new RangeError(`FaultPlan seed must be an integer, got ${options.seed}`);
    this.seed = options.seed;
    this.rate = options.rate;
    this.kinds = new Set(options.kinds ?? FAULT_KINDS);
    for (const k of this.kinds) if (!(FAULT_KINDS as readonly string[]).includes(k)) throw new RangeError(`unknown fault kind ${k}`);
  }

  /** The PRNG stream of one operation (decisions and the shape of each fault are drawn from it). */
  random(service: string, operation: string): () => number {
    const key = `${service}.${operation}`;
    let stream = this.streams.get(key);
    if (!stream) {
      stream = mulberry32(fnv1a(`${this.seed}\u0000${key}`));
      this.streams.set(key, stream);
    }
    return stream;
  }

  /** The fault for one attempt of `service.operation`, or undefined for none. Not counted until `record`. */
  attemptFault(service: string, operation: string): AttemptFaultKind | undefined {
    return this.draw(service, operation, ATTEMPT_FAULT_KINDS.filter((k) => this.kinds.has(k)));
  }

  /** The fault for one logical call of `service.operation`, or undefined for none. Not counted until `record`. */
  callFault(service: string, operation: string): CallFaultKind | undefined {
    const op = `${service}.${operation}`;
    return this.draw(service, operation, CALL_FAULT_KINDS.filter((k) => this.kinds.has(k) && CALL_FAULT_OPERATIONS[k].includes(op)));
  }

  /** Counts one injected fault under `service.operation.kind`. */
  record(service: string, operation: string, kind: FaultKind): void {
    const key = `${service}.${operation}.${kind}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Faults injected so far, by `service.operation.kind`, keys sorted. */
  injected(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** All faults injected so far. */
  total(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }

  private draw<K extends FaultKind>(service: string, operation: string, applicable: readonly K[]): K | undefined {
    if (applicable.length === 0) return undefined;
    const random = this.random(service, operation);
    if (!(random() < this.rate)) return undefined;
    return pick(applicable, random);
  }
}

/** One element of a non-empty list, uniformly. */
export function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.min(items.length - 1, Math.floor(random() * items.length))]!;
}
