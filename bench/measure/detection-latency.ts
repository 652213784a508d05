/**
 * Figure 6: detection latency. Many chains (chain-events.ts) go through the ingest path as the
 * Lambdas run it — JsonDecoder, IngestPipeline with a wall clock, Correlator on dynalite — one
 * delivery at a time, state accumulating across chains. For the last delivery of each chain the
 * clock starts when the event is handed over and stops when the sink receives the chain's finding
 * update. The last step rotates (deploy, push, egress) because each takes a different read path.
 */
import { DynamoDbStateStore } from '../../lambdas/adapters/dynamodb-state-store';
import { startEmbeddedDynamoDb } from '../../lambdas/adapters/embedded-dynamodb';
import { Correlator } from '../../lambdas/core/correlate/correlator';
import { BatchCollector } from '../../lambdas/core/envelopes/batch-collector';
import { JsonDecoder } from '../../lambdas/core/envelopes/decode-json';
import { SourceRouter } from '../../lambdas/core/envelopes/source-router';
import type { FindingUpdate } from '../../lambdas/core/model/finding';
import { Tally } from '../../lambdas/core/model/normalize-result';
import { compileSettings } from '../../lambdas/core/model/settings';
import { IngestPipeline } from '../../lambdas/core/pipeline/ingest';
import { benchConfig } from '../bench-config';
import { type ChainDelivery, chainEvents } from '../generate/chain-events';
import { nowMs, quantile } from '../lib/stats';

export interface DetectionLatency {
  chains: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Chains whose last delivery emitted no update of their finding. */
  missed: number;
  /** Severity of each chain's finding after its last delivery. */
  severities: Record<string, number>;
}

const LAST_STEPS = ['deploy', 'push', 'egress'] as const;

export async function measureDetectionLatency(chains: number): Promise<DetectionLatency> {
  const config = benchConfig();
  const settings = compileSettings(config);
  const db = await startEmbeddedDynamoDb(`bench-latency-${process.pid}`);
  try {
    let wall = 0;
    let emitted: { at: number; updates: readonly FindingUpdate[] }[] = [];
    const sink = { send: async (updates: readonly FindingUpdate[]) => void emitted.push({ at: nowMs(), updates }) };
    const pipeline = new IngestPipeline(new Correlator(new DynamoDbStateStore(db.client, db.tableName), settings), settings, sink, { kind: 'wall', now: () => wall });
    const decoder = new JsonDecoder({ router: new SourceRouter(config.sources) });
    const deliver = async (d: ChainDelivery) => {
      wall = Math.max(wall, d.deliveredMs);
      const out = new BatchCollector();
      const tally = new Tally();
      decoder.decode(d.event, `bench:${d.step}`, out, tally);
      await pipeline.process(out.batches, tally);
    };

    const latencies: number[] = [];
    const severities: Record<string, number> = {};
    let missed = 0;
    for (let i = 0; i < chains; i++) {
      const chain = chainEvents(i, LAST_STEPS[i % LAST_STEPS.length]!);
      const last = chain.deliveries[chain.deliveries.length - 1]!;
      for (const d of chain.deliveries.slice(0, -1)) await deliver(d);
      emitted = [];
      const t0 = nowMs();
      await deliver(last);
      const hit = emitted.find((e) => e.updates.some((u) => u.finding.image === chain.image));
      if (!hit) {
        missed++;
        continue;
      }
      latencies.push(hit.at - t0);
      const sev = hit.updates.find((u) => u.finding.image === chain.image)!.finding.severity;
      severities[sev] = (severities[sev] ?? 0) + 1;
    }
    return { chains, p50Ms: quantile(latencies, 0.5), p99Ms: quantile(latencies, 0.99), maxMs: quantile(latencies, 1), missed, severities };
  } finally {
    await db.close();
  }
}
