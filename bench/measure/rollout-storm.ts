/**
 * Figure 8: the rollout storm. One image built on a host, then deployed by thousands of workloads
 * within its deploy window (a big rollout, many builds of one tag): the chain must cost linear time.
 * The same chain with `small` and `large` deploys goes through the Correlator on dynalite, in
 * replay-sized batches (`batch` signals each) and, for the large one, one deploy per invocation as
 * the Lambda sees them (the slowest invocation must stay far inside the Lambda timeout).
 */
import { DynamoDbStateStore } from '../../lambdas/adapters/dynamodb-state-store';
import { startEmbeddedDynamoDb } from '../../lambdas/adapters/embedded-dynamodb';
import { Correlator } from '../../lambdas/core/correlate/correlator';
import { compileSettings } from '../../lambdas/core/model/settings';
import type { BuildSignal, DeploySignal, Signal } from '../../lambdas/core/model/signal';
import { benchConfig } from '../bench-config';
import { median, nowMs } from '../lib/stats';

export interface RolloutStorm {
  small: number;
  large: number;
  smallMs: number;
  largeMs: number;
  /** Slowest single-deploy invocation while `large` deploys arrive one by one. */
  perInvocationMaxMs: number;
  /** Stages of the chain's finding at the end (every stage kept). */
  stages: string[];
}

const T0 = Date.parse('2026-11-02T10:00:00.000Z');
const IMAGE = '111122223333.dkr.ecr.us-east-1.amazonaws.com/storm-api:v1';

function chain(deploys: number): Signal[] {
  const build: BuildSignal = {
    kind: 'build', id: 'storm-build', rule: 'dockerd-build', time: new Date(T0).toISOString(), source: 'dockerd', ref: 'bench:build',
    host: { instanceId: 'i-0123456789abcdef0' }, method: 'docker-api', tool: 'docker', image: IMAGE,
  };
  const out: Signal[] = [build];
  for (let i = 0; i < deploys; i++) {
    const d: DeploySignal = {
      kind: 'deploy', id: `storm-deploy-${i}`, rule: 'workload-deploy', time: new Date(T0 + 60_000 + Math.floor((i * 600_000) / deploys)).toISOString(), source: 'eks-audit',
      ref: `bench:deploy-${i}`, cluster: 'prod', images: [IMAGE], namespace: `team-${i % 40}`, workloadKind: 'Deployment', workloadName: `svc-${i}`, verb: 'patch',
    };
    out.push(d);
  }
  return out;
}

async function run(deploys: number, batch: number): Promise<{ ms: number; maxBatchMs: number; stages: string[] }> {
  const db = await startEmbeddedDynamoDb(`bench-storm-${process.pid}-${deploys}-${batch}`);
  try {
    const correlator = new Correlator(new DynamoDbStateStore(db.client, db.tableName), compileSettings(benchConfig()));
    const signals = chain(deploys);
    let stages: string[] = [];
    let maxBatchMs = 0;
    const t0 = nowMs();
    for (let i = 0; i < signals.length; i += batch) {
      const slice = signals.slice(i, i + batch);
      const b0 = nowMs();
      const { findings } = await correlator.process(slice, Math.max(...slice.map((s) => Date.parse(s.time))));
      maxBatchMs = Math.max(maxBatchMs, nowMs() - b0);
      if (findings[0]) stages = findings[0].stages;
    }
    return { ms: nowMs() - t0, maxBatchMs, stages };
  } finally {
    await db.close();
  }
}

/**
 * One warm-up run (the first chain through a fresh process pays the JIT), then small and large
 * alternated `rounds` times, median of each: a single pair of runs swung the ratio from 5.5 to 8.7
 * with no change in the code.
 */
export async function measureRolloutStorm(small: number, large: number, batch: number, rounds = 3): Promise<RolloutStorm> {
  await run(small, batch);
  const smallMs: number[] = [];
  const largeMs: number[] = [];
  let stages: string[] = [];
  for (let i = 0; i < rounds; i++) {
    smallMs.push((await run(small, batch)).ms);
    const l = await run(large, batch);
    largeMs.push(l.ms);
    stages = l.stages;
  }
  const lambda = await run(large, 1);
  return { small, large, smallMs: median(smallMs), largeMs: median(largeMs), perInvocationMaxMs: lambda.maxBatchMs, stages };
}
