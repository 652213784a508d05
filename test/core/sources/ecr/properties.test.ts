/**
 * Properties of both ECR normalizers: no input throws, every record is accounted for exactly once
 * (signal, ignored or rejected), signals are well formed, and valid records survive any garbage
 * around them in a batch.
 */
import fc from 'fast-check';
import type { Tally } from '../../../../lambdas/core/model/normalize-result';
import { normalizeImage } from '../../../../lambdas/core/model/image-ref';
import { imageAction, pushes, putImage, runCloudTrail, runEcr, viaEventBridge } from './fixtures';

type Json = Record<string, unknown>;

function accountedOnce(tally: Tally): number {
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  return tally.signals.length + sum(tally.ignored) + sum(tally.rejected);
}

function expectWellFormed(tally: Tally): void {
  for (const s of pushes(tally)) {
    expect(s.id).toMatch(/^[0-9a-f]{32}$/);
    expect(s.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(normalizeImage(s.image)).toBe(s.image);
    expect(s.image!.startsWith(`${s.registry}/${s.repository}`)).toBe(true);
    expect(s.registry).toMatch(/^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/);
  }
}

/** Sets (or deletes, for undefined) the value at a path, creating objects on the way. */
function mutate(record: Json, path: readonly string[], value: unknown): Json {
  const copy = structuredClone(record);
  let o: Json = copy;
  for (const key of path.slice(0, -1)) {
    const next = o[key];
    if (typeof next !== 'object' || next === null) o[key] = {};
    o = o[key] as Json;
  }
  const last = path[path.length - 1]!;
  if (value === undefined) delete o[last];
  else o[last] = value;
  return copy;
}

const ECR_PATHS = [['id'], ['detail-type'], ['source'], ['account'], ['time'], ['region'], ['detail'], ['detail', 'result'], ['detail', 'repository-name'], ['detail', 'image-digest'], ['detail', 'action-type'], ['detail', 'image-tag'], ['detail', 'manifest-media-type']];
const CT_PATHS = [
  ['eventSource'], ['eventName'], ['eventTime'], ['eventID'], ['awsRegion'], ['errorCode'], ['recipientAccountId'],
  ['userIdentity'], ['userIdentity', 'type'], ['userIdentity', 'arn'], ['userIdentity', 'principalId'], ['userIdentity', 'sessionContext', 'sessionIssuer', 'arn'],
  ['requestParameters'], ['requestParameters', 'repositoryName'], ['requestParameters', 'registryId'], ['requestParameters', 'imageTag'],
  ['responseElements'], ['responseElements', 'image'], ['responseElements', 'image', 'imageId', 'imageDigest'], ['responseElements', 'image', 'imageId', 'imageTag'],
];

const value = fc.oneof(fc.constant(undefined), fc.constant(null), fc.constant(''), fc.string(), fc.jsonValue(), fc.anything(), fc.constantFrom('PUSH', 'SUCCESS', 'PutImage', 'ecr.amazonaws.com', 'i-0123abcd', '123456789012', 'us-east-1', 'a/b', 'sha256:abc'));
const mutations = (paths: string[][]) => fc.array(fc.tuple(fc.constantFrom(...paths), value), { maxLength: 5 });
const applyAll = (base: Json, ops: ReadonlyArray<readonly [string[], unknown]>) => ops.reduce((r, [p, v]) => mutate(r, p, v), base);
const garbage = fc.oneof(fc.anything(), fc.jsonValue(), fc.string(), fc.json(), fc.constant('{"detail-type":'), fc.constant({ Records: [] }));

describe('normalizeEcrEvents and normalizeCloudTrail, properties', () => {
  it('never throw on arbitrary values and strings, and account for every record once', () => {
    fc.assert(
      fc.property(fc.array(garbage, { maxLength: 8 }), (batch) => {
        for (const run of [runEcr, runCloudTrail]) {
          const tally = run(batch);
          expect(tally.records).toBe(batch.length);
          expect(accountedOnce(tally)).toBe(batch.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throw on mutated ECR Image Action events; what they yield is well formed', () => {
    fc.assert(
      fc.property(mutations(ECR_PATHS), fc.boolean(), (ops, asString) => {
        const ev = applyAll(imageAction(), ops);
        const tally = runEcr([asString ? JSON.stringify(ev) ?? '' : ev]);
        expect(accountedOnce(tally)).toBe(1);
        expectWellFormed(tally);
      }),
      { numRuns: 500 },
    );
  });

  it('never throw on mutated PutImage records, direct or via EventBridge; what they yield is well formed', () => {
    fc.assert(
      fc.property(mutations(CT_PATHS), fc.boolean(), (ops, bridged) => {
        const rec = applyAll(putImage(), ops);
        const tally = bridged ? runEcr([viaEventBridge(rec)]) : runCloudTrail([rec]);
        expect(accountedOnce(tally)).toBe(1);
        expectWellFormed(tally);
        for (const s of pushes(tally)) {
          if (s.host) expect(s.host.instanceId).toMatch(/^i-[0-9a-f]{8,17}$/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keep every valid record of a batch whatever garbage surrounds it', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant('push' as const), fc.constant('put' as const), garbage), { maxLength: 12 }), (items) => {
        const ecrBatch = items.map((x) => (x === 'push' ? imageAction() : x === 'put' ? viaEventBridge(putImage()) : x));
        const ctBatch = items.map((x) => (x === 'put' ? putImage() : x === 'push' ? JSON.stringify(putImage()) : x));
        const valid = (kinds: ReadonlyArray<unknown>) => items.flatMap((x, i) => (kinds.includes(x) ? [`test:${i + 1}`] : []));
        expect(pushes(runEcr(ecrBatch)).map((s) => s.ref)).toEqual(valid(['push', 'put']));
        expect(pushes(runCloudTrail(ctBatch)).map((s) => s.ref)).toEqual(valid(['push', 'put']));
      }),
      { numRuns: 200 },
    );
  });
});
