/** The simulators' settings are copies of what lib/ deploys: this reads the lib/ sources so a change there fails here. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CROSS_ACCOUNT_KINESIS, CWL_ASYNC, EVENTBRIDGE_TARGET, FINDINGS_SQS, FLOW_LOGS_KINESIS, OBJECT_INTAKE_SQS } from '../../chaos/triggers/settings';
import { HOUR, MINUTE, SECOND } from '../../chaos/clock';

const lib = (f: string) => readFileSync(join(__dirname, '../../lib', f), 'utf8');

describe('trigger settings match lib/', () => {
  it('async invoke (lib/ingest-sources.ts asyncFailures)', () => {
    expect(lib('ingest-sources.ts')).toContain('configureAsyncInvoke({ maxEventAge: Duration.hours(1), retryAttempts: 2,');
    expect(CWL_ASYNC).toMatchObject({ retryAttempts: 2, maxEventAgeMs: HOUR, retryDelaysMs: [MINUTE, 2 * MINUTE] });
  });

  it('EventBridge targets (lib/ingest-sources.ts, lib/object-intake.ts)', () => {
    expect(lib('ingest-sources.ts')).toContain('deadLetterQueue: props.ingestDlq, retryAttempts: 8, maxEventAge: Duration.hours(2)');
    expect(lib('object-intake.ts')).toContain('deadLetterQueue: props.ingestDlq, retryAttempts: 8, maxEventAge: Duration.hours(2)');
    expect(EVENTBRIDGE_TARGET).toMatchObject({ retryAttempts: 8, maxEventAgeMs: 2 * HOUR });
  });

  it('Kinesis mappings (lib/ingest-sources.ts, lib/cross-account-logs.ts, config default batch size)', () => {
    for (const src of [lib('ingest-sources.ts'), lib('cross-account-logs.ts')]) {
      expect(src).toMatch(/bisectBatchOnError: true,\s+reportBatchItemFailures: true,\s+retryAttempts: 3,\s+maxRecordAge: Duration\.hours\(1\)/);
    }
    expect(lib('cross-account-logs.ts')).toMatch(/batchSize: 500,\s+maxBatchingWindow: Duration\.seconds\(5\),\s+parallelizationFactor: 2,/);
    expect(readFileSync(join(__dirname, '../../lambdas/core/model/config.ts'), 'utf8')).toContain('batchSize: z._default(between(1, 10000), 500)');
    for (const k of [FLOW_LOGS_KINESIS, CROSS_ACCOUNT_KINESIS]) expect(k).toMatchObject({ batchSize: 500, bisectBatchOnError: true, reportBatchItemFailures: true, retryAttempts: 3, maxRecordAgeMs: HOUR });
    expect(CROSS_ACCOUNT_KINESIS.maxBatchingWindowMs).toBe(5 * SECOND);
  });

  it('SQS queues and mappings (lib/object-intake.ts, lib/findings-pipeline.ts)', () => {
    const intake = lib('object-intake.ts');
    expect(intake).toContain('const BATCH_SIZE = 10;');
    expect(intake).toContain('const BATCHING_WINDOW = Duration.seconds(10);');
    expect(intake).toContain('export const OBJECT_READER_TIMEOUT = Duration.minutes(5);');
    expect(intake).toContain('visibilityTimeout: Duration.seconds(6 * timeout.toSeconds() + BATCHING_WINDOW.toSeconds())');
    expect(intake).toContain('deadLetterQueue: { queue: this.dlq, maxReceiveCount: 5 }');
    expect(OBJECT_INTAKE_SQS).toMatchObject({ batchSize: 10, maxBatchingWindowMs: 10 * SECOND, visibilityTimeoutMs: 1810 * SECOND, maxReceiveCount: 5, reportBatchItemFailures: true });
    const findings = lib('findings-pipeline.ts');
    expect(findings).toContain('visibilityTimeout: Duration.seconds(6 * 60), deadLetterQueue: { queue: this.dlq, maxReceiveCount: 5 }');
    expect(findings).toContain('batchSize: 100, maxBatchingWindow: Duration.seconds(5), reportBatchItemFailures: true');
    expect(FINDINGS_SQS).toMatchObject({ batchSize: 100, maxBatchingWindowMs: 5 * SECOND, visibilityTimeoutMs: 6 * MINUTE, maxReceiveCount: 5, reportBatchItemFailures: true });
  });
});
