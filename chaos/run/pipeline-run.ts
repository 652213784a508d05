/**
 * One run of the deployed path in this process: the real handlers (cold-started once, as Lambda
 * would), each behind the simulator of its trigger on one simulated clock, state on dynalite, the
 * findings queue, Security Hub and SNS on moto. With `faultRate` > 0 every SDK call of the handlers
 * goes through the fault injector; with `perturb` every trigger duplicates, reorders and crashes.
 *
 *   chains ─► CloudWatch Logs async ─► eks-audit / flow-logs ─┐
 *          ─► Kinesis ESM ─────────► flow-logs-stream ────────┼─► DynamoDB (dynalite)
 *          ─► EventBridge target ──► ecr-events ──────────────┘        │ SendMessageBatch
 *                                                       findings queue (moto) ─► SQS ESM ─► publish ─► Security Hub + SNS (moto)
 *
 * The queue between the two halves is real: after each ingest invocation the harness receives
 * what the handler sent (its own client, never faulted) and hands it to the SQS simulator, which
 * does what the event source mapping does (visibility timeout, batchItemFailures, DLQ after
 * maxReceiveCount). An operator redrives every DLQ (docs/redrive.md) `redriveAfterMs` after it
 * fills, until all are empty.
 *
 * Must run in its own process (it patches Date.now, setTimeout and the SDK's base client, and the
 * handlers read their environment when first loaded): chaos/run/child.ts.
 */
import { join } from 'node:path';
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { GetFindingsCommand } from '@aws-sdk/client-securityhub';
import type { CloudWatchLogsEvent, EventBridgeEvent, KinesisStreamBatchResponse, KinesisStreamEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { observeCalls, type ObservedCall } from '../call-observer';
import { type ChainKind, chaosChains, CHAINS_START_MS } from '../chains';
import { MINUTE, SimClock } from '../clock';
import { FaultPlan } from '../fault-plan';
import { installFaultInjector } from '../install-fault-injector';
import { Rng } from '../rng';
import { installSimTime } from '../sim-time';
import {
  CloudWatchLogsAsyncSimulator,
  CWL_ASYNC,
  DEFAULT_PERTURBATIONS,
  ECR_EVENTS_ASYNC,
  EventBridgeTargetSimulator,
  FINDINGS_SQS,
  FLOW_LOGS_KINESIS,
  type Handler,
  KinesisEsmSimulator,
  NO_PERTURBATIONS,
  type SimSummary,
  SqsEsmSimulator,
} from '../triggers';
import { RedriveOperator } from './operator';
import { type World, startWorld } from './world';

export interface PipelineRunOptions {
  readonly seed: number;
  readonly chains: number;
  /** Fault rate per SDK call and attempt (0: the reference run). */
  readonly faultRate: number;
  /** Duplicate, reorder and crash deliveries (DEFAULT_PERTURBATIONS). */
  readonly perturb: boolean;
  /** How long after a DLQ receives an item the operator redrives it (the DLQ alarm plus a reaction). */
  readonly redriveAfterMs: number;
  /** The detector configuration file the handlers load. */
  readonly configFile: string;
}

/** A finding as Security Hub holds it: the import with the latest UpdatedAt wins. */
export interface HubFinding {
  readonly id: string;
  readonly severity: string;
  readonly stages: string;
  readonly version: number;
  readonly updatedAt: string;
}

/** One SNS message as the subscribed queue received it. */
export interface Page {
  readonly findingId: string;
  /** The finding version the page is about (from its footer). */
  readonly version: number;
  readonly severity: string;
  readonly subject: string;
  /** Subject and body: two pages with the same text are the same page twice. */
  readonly text: string;
}

export interface DlqAccount {
  /** The DLQ and what fed it. */
  readonly dlq: string;
  /** Items that reached it (each failure counted, also a redriven item failing again). */
  readonly items: number;
  /** Items the operator redrove. */
  readonly redriven: number;
}

export interface TriggerSpend {
  readonly invocations: number;
  readonly retries: number;
  readonly duplicates: number;
  readonly reorders: number;
  readonly crashes: number;
}

export interface PipelineRunResult {
  readonly seed: number;
  readonly chains: number;
  readonly faultRate: number;
  readonly perturb: boolean;
  readonly kinds: Record<ChainKind, number>;
  readonly findings: HubFinding[];
  /** Finding ids moto's Security Hub holds (a cross-check of `findings`). */
  readonly storedIds: string[];
  readonly pages: Page[];
  readonly dlqs: DlqAccount[];
  readonly redriveRounds: number;
  readonly triggers: Record<string, TriggerSpend>;
  readonly sdk: { calls: number; retries: number; failedCalls: number; faults: Record<string, number>; faultsInjected: number };
  /**
   * Versions whose idempotency record could not be saved after the publish (UpdateItem on the
   * idempotency table failing after the SDK's retries): the one window in which a page can repeat
   * (docs/redrive.md). Each allows at most one duplicate.
   */
  readonly unrecordedPublishes: number;
  /** Simulated time the run covered (ms) and the real time it took (ms). */
  readonly simulatedMs: number;
  readonly wallMs: number;
}

type CwlHandler = Handler<CloudWatchLogsEvent, unknown>;
type EbHandler = Handler<EventBridgeEvent<string, unknown>, unknown>;
type KinesisHandler = Handler<KinesisStreamEvent, KinesisStreamBatchResponse>;
type PublishHandler = Handler<SQSEvent, SQSBatchResponse>;

const HANDLERS = join(__dirname, '../../lambdas/handlers');
/** Redrive rounds after the deliveries end, at most (each waits `redriveAfterMs`). */
const MAX_FINAL_ROUNDS = 40;

function loadHandler<H>(name: string, env: Record<string, string>): H {
  Object.assign(process.env, env);
  return (require(join(HANDLERS, `${name}.handler.ts`)) as { handler: H }).handler;
}

function spend(s: Pick<SimSummary, 'invocations' | 'retries' | 'duplicatesInjected' | 'reorders' | 'crashes'>): TriggerSpend {
  return { invocations: s.invocations, retries: s.retries, duplicates: s.duplicatesInjected, reorders: s.reorders, crashes: s.crashes };
}

/** Security Hub's view from the imports it accepted: per Id, the finding with the latest UpdatedAt. */
export function hubFindingsOf(calls: readonly ObservedCall[]): HubFinding[] {
  const byId = new Map<string, HubFinding>();
  for (const c of calls) {
    if (c.service !== 'SecurityHub' || c.operation !== 'BatchImportFindings' || !c.output) continue;
    const failed = new Set(((c.output.FailedFindings ?? []) as Array<{ Id?: string }>).map((f) => f.Id));
    for (const f of (c.input.Findings ?? []) as Array<{ Id: string; UpdatedAt: string; ProductFields?: Record<string, string> }>) {
      if (failed.has(f.Id)) continue;
      const pf = f.ProductFields ?? {};
      const found: HubFinding = { id: f.Id, severity: pf['an1261/severity'] ?? '?', stages: pf['an1261/stages'] ?? '', version: Number(pf['an1261/version'] ?? 0), updatedAt: f.UpdatedAt };
      const held = byId.get(f.Id);
      if (!held || Date.parse(found.updatedAt) >= Date.parse(held.updatedAt)) byId.set(f.Id, found);
    }
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

async function storedIds(world: World): Promise<string[]> {
  const ids = new Set<string>();
  let token: string | undefined;
  const seen = new Set<string>();
  do {
    const out = await world.securityHub.send(new GetFindingsCommand({ MaxResults: 100, ...(token ? { NextToken: token } : {}) }));
    for (const f of out.Findings ?? []) if (f.Id) ids.add(f.Id);
    token = out.NextToken && !seen.has(out.NextToken) ? out.NextToken : undefined;
    if (token) seen.add(token);
  } while (token);
  return [...ids].sort();
}

/** Every message on the queue (moto hands out all visible messages, up to 10 per receive). */
async function drain(world: World, url: string): Promise<string[]> {
  const bodies: string[] = [];
  for (;;) {
    const got = (await world.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 600 }))).Messages ?? [];
    if (got.length > 0) {
      bodies.push(...got.map((m) => m.Body!));
      await world.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: got.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
    }
    if (got.length < 10) return bodies;
  }
}

function pageOf(body: string): Page {
  const envelope = JSON.parse(body) as { Subject?: string; Message: string; MessageAttributes?: Record<string, { Value?: string }> };
  const subject = envelope.Subject ?? '';
  const footer = /Finding (an1261\/\S+?), version (\d+)/.exec(envelope.Message);
  const severity = envelope.MessageAttributes?.severity?.Value ?? /^\[(\w+)/.exec(subject)?.[1] ?? '?';
  return { findingId: footer?.[1] ?? '?', version: Number(footer?.[2] ?? 0), severity, subject, text: `${subject}\n${envelope.Message}` };
}

export async function runPipeline(opts: PipelineRunOptions): Promise<PipelineRunResult> {
  const started = performance.now();
  const world = await startWorld(opts.configFile);
  const clock = new SimClock(CHAINS_START_MS - MINUTE);
  const uninstallTime = installSimTime(clock);
  // What the report needs from the handlers' calls, kept as counts (a run makes ~100,000 calls).
  const imports: ObservedCall[] = [];
  const sdk = { calls: 0, retries: 0, failedCalls: 0, unrecordedPublishes: 0 };
  // SendMessageBatch calls that reached the queue: only then is there something to receive.
  let sentToQueue = 0;
  const unobserve = observeCalls((c) => {
    sdk.calls++;
    sdk.retries += Math.max(0, c.attempts - 1);
    if (c.error) sdk.failedCalls++;
    if (c.service === 'SecurityHub' && c.operation === 'BatchImportFindings' && c.output) imports.push(c);
    if (c.service === 'SQS' && c.operation.startsWith('SendMessage') && c.output) sentToQueue++;
    if (c.service === 'DynamoDB' && c.operation === 'UpdateItem' && c.error && c.input.TableName === world.idempotencyTable) sdk.unrecordedPublishes++;
  });
  const plan = new FaultPlan({ seed: opts.seed, rate: opts.faultRate });
  const uninstallFaults = installFaultInjector(plan);
  try {
    const perturbations = opts.perturb ? DEFAULT_PERTURBATIONS : NO_PERTURBATIONS;
    const rng = (n: number) => new Rng((opts.seed * 7919 + n) >>> 0);
    const publish = loadHandler<PublishHandler>('publish', world.env);
    const publisher = new SqsEsmSimulator({ handler: publish, rng: rng(1), clock, settings: FINDINGS_SQS, perturbations });
    // After every ingest invocation (whatever its outcome) what it sent is on the real queue: hand it on.
    let pumpedAt = 0;
    const pump = async (always = false): Promise<number> => {
      if (sentToQueue === pumpedAt && !always) return 0;
      pumpedAt = sentToQueue;
      const bodies = await drain(world, world.findingsQueue.url);
      if (bodies.length > 0) publisher.deliver(...bodies);
      return bodies.length;
    };
    /** Runs the clock until nothing is scheduled and the queue between the halves is empty. */
    const settle = async () => {
      do await clock.run();
      while ((await pump(true)) > 0);
    };
    const pumped = <E, R>(h: Handler<E, R>): Handler<E, R> => async (event, context) => {
      try {
        return await h(event, context);
      } finally {
        await pump();
      }
    };
    const eksHandler = pumped(loadHandler<CwlHandler>('eks-audit', world.env));
    const flowHandler = pumped(loadHandler<CwlHandler>('flow-logs', world.env));
    const streamHandler = pumped(loadHandler<KinesisHandler>('flow-logs-stream', world.env));
    const ecrHandler = pumped(loadHandler<EbHandler>('ecr-events', world.env));
    const eks = new CloudWatchLogsAsyncSimulator({ handler: eksHandler, rng: rng(2), clock, settings: CWL_ASYNC, perturbations });
    const flow = new CloudWatchLogsAsyncSimulator({ handler: flowHandler, rng: rng(3), clock, settings: { ...CWL_ASYNC, functionName: 'an1261-flow-logs' }, perturbations });
    const stream = new KinesisEsmSimulator({ handler: streamHandler, rng: rng(4), clock, settings: FLOW_LOGS_KINESIS, perturbations });
    const deliveryRng = rng(5);
    const storms = new Map<string, boolean>();
    const stormOf = (id: string): boolean => {
      if (!storms.has(id)) storms.set(id, deliveryRng.chance(opts.faultRate / 10));
      return storms.get(id)!;
    };
    const ecr = new EventBridgeTargetSimulator({
      target: { kind: 'lambda', handler: ecrHandler, asyncSettings: ECR_EVENTS_ASYNC },
      rng: rng(6),
      clock,
      perturbations,
      // Lambda throttling the target's delivery: EventBridge retries it with back-off. For one event in
      // ten of those, the function stays throttled for longer than EventBridge retries (a reserved
      // concurrency of 0, a runaway neighbour): the event goes to the target's DLQ, hours old when redriven.
      ...(opts.faultRate > 0 ? { deliveryFails: (e: { id: string }) => stormOf(e.id) || deliveryRng.chance(opts.faultRate) } : {}),
    });

    const chains = chaosChains(opts.seed, opts.chains);
    const kinds: Record<ChainKind, number> = { attack: 0, ci: 0, agent: 0, gitops: 0 };
    let lastAt = clock.now;
    for (const chain of chains) {
      kinds[chain.kind]++;
      for (const d of chain.deliveries) {
        lastAt = Math.max(lastAt, d.at);
        clock.at(d.at, `deliver:${d.target}:${chain.index}`, () => {
          if (d.target === 'flow-logs-stream') stream.deliver(d.payload);
          else if (d.target === 'ecr-events') ecr.deliver(d.event);
          else (d.target === 'eks-audit' ? eks : flow).deliverEvents(d.event);
        });
      }
    }

    // The operator: redrives what each DLQ received since the last round (docs/redrive.md).
    const operator = new RedriveOperator({ clock, rng: rng(7), perturbations });
    const asUnknown = <E, R>(h: Handler<E, R>) => h as unknown as Handler<unknown, unknown>;
    operator.watchAsync('an1261-eks-audit', asUnknown(eksHandler), CWL_ASYNC, () => eks.summary().deadLetters);
    operator.watchAsync('an1261-flow-logs', asUnknown(flowHandler), CWL_ASYNC, () => flow.summary().deadLetters);
    operator.watchAsync('an1261-ecr-events', asUnknown(ecrHandler), ECR_EVENTS_ASYNC, () => ecr.summary().deadLetters);
    operator.watchKinesis('an1261-flow-logs-stream', asUnknown(streamHandler), CWL_ASYNC, () => stream.summary().deadLetters);
    operator.watchFindings(publisher);
    const tick = () => {
      if (operator.waiting() > 0) operator.redrive();
      if (clock.now < lastAt) clock.after(opts.redriveAfterMs, 'operator', tick);
    };
    clock.after(opts.redriveAfterMs, 'operator', tick);
    await settle();
    let rounds = 0;
    while (operator.waiting() > 0 && rounds < MAX_FINAL_ROUNDS) {
      rounds++;
      clock.after(opts.redriveAfterMs, 'operator', () => void operator.redrive());
      await settle();
    }

    uninstallFaults();
    unobserve();
    const pages = (await drain(world, world.inboxUrl)).map(pageOf);
    return {
      seed: opts.seed,
      chains: opts.chains,
      faultRate: opts.faultRate,
      perturb: opts.perturb,
      kinds,
      findings: hubFindingsOf(imports),
      storedIds: await storedIds(world),
      pages,
      dlqs: operator.account(),
      redriveRounds: rounds,
      triggers: {
        'eks-audit': spend(eks.summary()),
        'flow-logs': spend(flow.summary()),
        'flow-logs-stream': spend(stream.summary()),
        'ecr-events': spend(ecr.summary()),
        publish: spend(publisher.summary()),
        ...Object.fromEntries(Object.entries(operator.spend()).map(([fn, s]) => [`redrive ${fn.replace(/^an1261-/, '')}`, spend(s)])),
      },
      unrecordedPublishes: sdk.unrecordedPublishes,
      sdk: { calls: sdk.calls, retries: sdk.retries, failedCalls: sdk.failedCalls, faults: plan.injected(), faultsInjected: plan.total() },
      simulatedMs: clock.now - (CHAINS_START_MS - MINUTE),
      wallMs: Math.round(performance.now() - started),
    };
  } finally {
    uninstallFaults();
    unobserve();
    uninstallTime();
    await world.close();
  }
}
