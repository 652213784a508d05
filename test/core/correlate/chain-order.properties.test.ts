/**
 * Property: whatever the order and the batches a chain's signals arrive in, its final finding lists
 * the whole chain and its severity is `severityOf` of its own evidence — the ladder applied to the
 * stages it lists — and the same as when everything arrives at once.
 */
import fc from 'fast-check';
import { severityOf } from '../../../lambdas/core/correlate/severity';
import { parseConfig } from '../../../lambdas/core/model/config';
import type { BuildSignal, LinkSignal, PushSignal, Signal } from '../../../lambdas/core/model/signal';
import { IMAGE, T0, at, build, deploy, egress, push } from '../../support/chain-signals';
import { runBatches } from '../../support/correlate-run';
import { useEmbeddedStore } from '../../support/embedded-store';

const db = useEmbeddedStore();
const POD = { namespace: 'payments', name: 'builder-x1' };
const POD_IP = '10.0.1.77';
const CONFIG = { registryAllowList: ['111122223333.dkr.ecr.us-east-1.amazonaws.com/*'], releaseWindows: [{ days: ['Mon'], start: '09:00', end: '17:00', timeZone: 'UTC' }] };

interface Chain {
  withEgress: boolean;
  withPush: boolean;
  withDeploy: boolean;
  outsideRegistry: boolean;
  /** Seconds after T0 (Monday 10:00 UTC); past 7 h the build is outside the release window. */
  buildAt: number;
  buildMinutes: number;
  pushAfter: number;
  pushByHost: boolean;
}

function signalsOf(c: Chain): Signal[] {
  const image = c.outsideRegistry ? 'docker.io/attacker/payments-api:v9' : IMAGE;
  const b: BuildSignal = build({ id: 'b', rule: 'exec-build', source: 'eks-audit', cluster: 'prod', method: 'exec-build', host: { pod: POD }, time: at(c.buildAt), endTime: at(c.buildAt + c.buildMinutes * 60), image });
  const link: LinkSignal = { kind: 'link', id: 'l', rule: 'pod-status', time: at(c.buildAt - 30), source: 'eks-audit', ref: 'audit:l', cluster: 'prod', link: 'pod-ip', pod: POD, podIp: POD_IP };
  const out: Signal[] = [b, link];
  const pushAt = c.buildAt + c.buildMinutes * 60 + c.pushAfter;
  const bucket = new Date(Math.floor((T0 + (c.buildAt + 20) * 1000) / 300_000) * 300_000).toISOString();
  if (c.withEgress) out.push(egress({ srcIp: POD_IP, host: { ip: POD_IP }, time: at(c.buildAt + 20), firstSeen: at(c.buildAt + 20), lastSeen: at(c.buildAt + 40), bucket }));
  if (c.withPush) {
    const p: PushSignal = push({ time: at(pushAt), image: `${image}@sha256:${'ab'.repeat(32)}`, registry: image.split('/')[0]!, repository: image.split('/').slice(1).join('/').split(':')[0]! });
    // Half the pushes name their host (an EC2 instance-role session): they anchor an evaluation of
    // their own, which sees the push and the deploy but not the build's egress.
    if (!c.pushByHost) {
      delete p.actor;
      delete p.host;
    }
    out.push(p);
  }
  if (c.withDeploy) out.push(deploy({ time: at(pushAt + 120), images: [image] }));
  return out;
}

const chainArb = fc.record({
  withEgress: fc.boolean(),
  withPush: fc.boolean(),
  withDeploy: fc.boolean(),
  outsideRegistry: fc.boolean(),
  buildAt: fc.constantFrom(0, 600, 8 * 3600),
  buildMinutes: fc.integer({ min: 1, max: 25 }),
  pushAfter: fc.integer({ min: 0, max: 1500 }),
  pushByHost: fc.boolean(),
});

/** A permutation and a split into batches, drawn from the same seed. */
const deliveryArb = fc.record({ keys: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 }), cuts: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }) });

function deliver(signals: Signal[], d: { keys: number[]; cuts: boolean[] }): Signal[][] {
  const order = signals.map((s, i) => ({ s, k: d.keys[i] ?? 0 })).sort((a, b) => a.k - b.k).map((x) => x.s);
  const batches: Signal[][] = [[]];
  order.forEach((s, i) => {
    if (i > 0 && d.cuts[i]) batches.push([]);
    batches[batches.length - 1]!.push(s);
  });
  return batches;
}

describe('Property: severity of a chain delivered in any order and split', () => {
  it('equals severityOf its own evidence and the all-at-once result', async () => {
    const config = parseConfig(CONFIG);
    await fc.assert(
      fc.asyncProperty(chainArb, deliveryArb, async (chain, delivery) => {
        const signals = signalsOf(chain);
        const reference = (await runBatches(await db.fresh(), [signals], CONFIG, T0)).findings;
        const { findings } = await runBatches(await db.fresh(), deliver(signals, delivery), CONFIG, T0);
        expect(findings).toHaveLength(1);
        const f = findings[0]!;
        expect(f.stages).toEqual(f.severityEvidence.stages);
        expect(f.severity).toBe(severityOf(f.severityEvidence, config).severity);
        expect([f.id, f.severity, f.stages]).toEqual([reference[0]!.id, reference[0]!.severity, reference[0]!.stages]);
        // Every stage is on the finding, except a push by nobody outside the build's window (and the deploy it would carry).
        const pushJoins = chain.withPush && (chain.pushByHost || chain.pushAfter <= 300);
        const deployJoins = pushJoins || chain.pushAfter + 120 <= 900; // after the pushed image, or within deployWindow of the build
        const expected = ['build', ...(chain.withEgress ? ['egress'] : []), ...(pushJoins ? ['push'] : []), ...(chain.withDeploy && deployJoins ? ['deploy'] : [])];
        expect(f.stages).toEqual(expected);
      }),
      { numRuns: 40, seed: 1261 },
    );
  }, 120_000);
});
