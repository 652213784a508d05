/**
 * IngestService: a content fault that escapes the pipeline (here, from the sink) is counted against
 * the event and does not throw; an infrastructure fault still throws, so the invocation is retried.
 */
import type { Correlator } from '../../lambdas/core/correlate/correlator';
import { SourceRouter } from '../../lambdas/core/envelopes/source-router';
import type { FindingUpdate } from '../../lambdas/core/model/finding';
import { parseConfig } from '../../lambdas/core/model/config';
import { compileSettings } from '../../lambdas/core/model/settings';
import { IngestService } from '../../lambdas/handlers/ingest/ingest-service';
import { HOST_GROUP, cwlEvent, cwlPayload, sampleDockerdEvents } from './ingest-support';

const NOW = Date.parse('2026-11-02T02:25:00.000Z');
const config = parseConfig({ sources: { hostLogs: [{ logGroup: '/ec2/docker*' }] } });

function service(sendError: unknown) {
  const update = { finding: { id: 'f1', version: 1 } } as unknown as FindingUpdate;
  const correlator = {
    process: async (signals: unknown[]) => ({ findings: [], updates: [update], stats: { signals: signals.length, tooLate: 0, itemsWritten: 0, chainsEvaluated: 0, findingsEmitted: 1, conflicts: 0 } }),
    markSent: async () => undefined,
  } as unknown as Correlator;
  return new IngestService({
    router: new SourceRouter(config.sources),
    settings: compileSettings(config),
    correlator,
    sink: {
      send: async () => {
        throw sendError;
      },
    },
    clock: { kind: 'wall', now: () => NOW },
  });
}

const event = () => cwlEvent(cwlPayload(HOST_GROUP, 'i-0c9d8e7f6a5b4c3d2', sampleDockerdEvents()));

describe('IngestService fault isolation', () => {
  it('counts a content fault (TypeError) as ingest:record-error and does not throw', async () => {
    const { tally, totals } = await service(new TypeError('odd value')).ingest(event(), 'awslogs:req-1');
    expect(tally.summary().rejected).toEqual({ 'ingest:record-error': 1 });
    expect(tally.rejectSamples[0]).toMatchObject({ reason: 'ingest:record-error', ref: 'awslogs:req-1', detail: 'TypeError: odd value' });
    expect(totals.findingsEmitted).toBe(0);
  });

  it('throws an infrastructure fault (SDK throttling)', async () => {
    const error = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
    await expect(service(error).ingest(event(), 'awslogs:req-2')).rejects.toBe(error);
  });

  it('throws a plain error of unknown origin (when in doubt, retry)', async () => {
    const error = new Error('SQS q: 1 finding message(s) not accepted after 4 round(s)');
    await expect(service(error).ingest(event(), 'awslogs:req-3')).rejects.toBe(error);
  });
});
