/**
 * Documents read as a stream decode as they did whole: a pretty-printed subscription payload
 * (logEvents with the payload's log group), a CONTROL_MESSAGE, an EventList, CloudTrail Records.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type InputChunk, readInputFile } from '../../../lambdas/cli/input-files';
import { SourceRouter } from '../../../lambdas/core/envelopes/source-router';
import { Tally } from '../../../lambdas/core/model/normalize-result';

const router = new SourceRouter({ flowLogs: [{ logGroup: '/vpc/*' }], hostLogs: [] } as never);
const FLOW = '2 111122223333 eni-0a1b2c3d 10.0.1.5 203.0.113.9 49152 443 6 10 840 1762049645 1762049705 ACCEPT OK';
const AUDIT = { kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Request', auditID: 'a1', stage: 'ResponseComplete', verb: 'get', requestURI: '/api/v1/pods', user: { username: 'u' }, responseStatus: { code: 200 } };

async function read(doc: unknown) {
  const f = join(mkdtempSync(join(tmpdir(), 'an1261-doc-')), 'doc.json');
  writeFileSync(f, JSON.stringify(doc, null, 2));
  const chunks: InputChunk[] = [];
  const tally = new Tally();
  for await (const c of readInputFile(f, { router })) {
    chunks.push(c);
    tally.merge(c.tally);
  }
  return { batches: chunks.flatMap((c) => c.batches), tally, faults: chunks.filter((c) => c.inputError) };
}

describe('streamed JSON documents', () => {
  it('a subscription payload: each log event with the payload’s group and stream', async () => {
    const r = await read({ messageType: 'DATA_MESSAGE', owner: '111122223333', logGroup: '/vpc/flow', logStream: 'eni-1-all', subscriptionFilters: ['f'], logEvents: [1, 2, 3].map((i) => ({ id: `e${i}`, timestamp: 1762049645000 + i, message: FLOW })) });
    expect(r.faults).toEqual([]);
    expect(r.batches.map((b) => [b.source, b.ctx.logGroup, b.ctx.logStream, b.ctx.account, b.records.length])).toEqual([['vpc-flow', '/vpc/flow', 'eni-1-all', '111122223333', 3]]);
    expect(r.batches[0]?.records[0]?.ref).toBe('cwl:/vpc/flow/eni-1-all#e1');
  });

  it('a CONTROL_MESSAGE is skipped', async () => {
    const r = await read({ messageType: 'CONTROL_MESSAGE', owner: 'CloudwatchLogs', logGroup: '', logStream: '', subscriptionFilters: [], logEvents: [{ id: '', timestamp: 1, message: 'CWL CONTROL MESSAGE: Checking health of destination Firehose.' }] });
    expect(r.batches).toEqual([]);
    expect(r.tally.ignored.get('envelope:control-message')).toBe(1);
  });

  it('an EventList, item by item', async () => {
    const r = await read({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items: [AUDIT, { ...AUDIT, auditID: 'a2' }] });
    expect(r.batches.flatMap((b) => b.records.map(() => b.source))).toEqual(['eks-audit', 'eks-audit']);
  });

  it('a single pretty-printed object is decoded whole', async () => {
    const r = await read(AUDIT);
    expect(r.batches.map((b) => b.source)).toEqual(['eks-audit']);
  });
});
