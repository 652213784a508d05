/**
 * Security Hub import (lambdas/adapters/security-hub-importer.ts): chunks of ≤ 100 findings and
 * ≤ 6 MB, FailedFindings retried (transient) or reported (permanent), throttling and 5xx retried by
 * the SDK's retry strategy, and every finding accounted for.
 */
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import type { Finding } from '../../lambdas/core/model/finding';
import { type AsffFinding, toAsff } from '../../lambdas/core/publish/asff';
import { chunkForImport } from '../../lambdas/adapters/security-hub-batches';
import { createSecurityHubClient, SecurityHubImporter } from '../../lambdas/adapters/security-hub-importer';
import { CTX, criticalEksFinding } from '../core/publish/fixtures';
import { FakeAwsEndpoint } from './security-hub-sns-fake-endpoint';

function findings(n: number): Finding[] {
  return Array.from({ length: n }, (_, i) => ({ ...criticalEksFinding(), id: `f${String(i).padStart(4, '0')}` }));
}
const asffOf = (fs: Finding[]): AsffFinding[] => fs.map((f) => toAsff(f, CTX));
const noSleep = async () => {};

describe('Function: chunkForImport', () => {
  it('splits 250 findings into 100, 100 and 50', () => {
    expect(chunkForImport(Array.from({ length: 250 }, (_, i) => i), () => 3_000).map((c) => c.length)).toEqual([100, 100, 50]);
  });

  it('starts a new chunk before the request body passes 6 MB', () => {
    // 27 × 220,000 bytes + commas + envelope = 5,940,041 bytes; a 28th would make 6,160,042.
    expect(chunkForImport(Array.from({ length: 30 }, (_, i) => i), () => 220_000).map((c) => c.length)).toEqual([27, 3]);
  });

  it('keeps the input order and sends an oversized finding alone', () => {
    expect(chunkForImport([1, 2, 3, 4], (x) => (x === 3 ? 7_000_000 : 10))).toEqual([[1, 2], [3], [4]]);
    expect(chunkForImport([], () => 1)).toEqual([]);
  });
});

describe('Class: SecurityHubImporter', () => {
  const sh = mockClient(SecurityHubClient);
  beforeEach(() => sh.reset());
  afterAll(() => sh.restore());

  it('imports 250 findings in 3 BatchImportFindings calls carrying the exact ASFF', async () => {
    sh.on(BatchImportFindingsCommand).callsFake((input: { Findings: unknown[] }) => ({ FailedCount: 0, SuccessCount: input.Findings.length, FailedFindings: [] }));
    const asff = asffOf(findings(250));

    const result = await new SecurityHubImporter(new SecurityHubClient({ region: 'us-east-1' })).import(asff);

    const calls = sh.commandCalls(BatchImportFindingsCommand);
    expect(calls.map((c) => c.args[0].input.Findings!.length)).toEqual([100, 100, 50]);
    expect(calls[0]!.args[0].input).toEqual({ Findings: asff.slice(0, 100) });
    expect(calls[2]!.args[0].input).toEqual({ Findings: asff.slice(200) });
    expect(calls[0]!.args[0].input.Findings![0]).toMatchObject({
      Id: 'an1261/f0000',
      ProductArn: 'arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default',
      AwsAccountId: '111122223333',
      GeneratorId: 'an1261-detector/AN1261',
      SchemaVersion: '2018-10-08',
      Severity: { Label: 'CRITICAL', Original: 'CRITICAL' },
      FindingProviderFields: { Severity: { Label: 'CRITICAL', Original: 'CRITICAL' } },
      CreatedAt: '2025-03-04T10:15:30.000Z',
      UpdatedAt: '2025-03-04T10:21:00.000Z',
    });
    expect(result.accepted.size).toBe(250);
    expect(result.failed.size).toBe(0);
    expect(result.calls).toBe(3);
  });

  it('re-sends only the FailedFindings with a transient error, and reports the permanent ones', async () => {
    sh.on(BatchImportFindingsCommand)
      .resolvesOnce({
        FailedCount: 2,
        SuccessCount: 3,
        FailedFindings: [
          { Id: 'an1261/f0001', ErrorCode: 'ConcurrentUpdateError', ErrorMessage: 'Concurrent finding updates detected' },
          { Id: 'an1261/f0003', ErrorCode: 'InvalidInput', ErrorMessage: 'Invalid Input' },
        ],
      })
      .resolvesOnce({ FailedCount: 0, SuccessCount: 1, FailedFindings: [] });
    const sleeps: number[] = [];

    const result = await new SecurityHubImporter(new SecurityHubClient({ region: 'us-east-1' }), { sleep: async (ms) => void sleeps.push(ms) }).import(asffOf(findings(5)));

    const calls = sh.commandCalls(BatchImportFindingsCommand);
    expect(calls.map((c) => c.args[0].input.Findings!.map((f) => f.Id))).toEqual([
      ['an1261/f0000', 'an1261/f0001', 'an1261/f0002', 'an1261/f0003', 'an1261/f0004'],
      ['an1261/f0001'],
    ]);
    expect(sleeps).toEqual([500]);
    expect([...result.accepted].sort()).toEqual(['an1261/f0000', 'an1261/f0001', 'an1261/f0002', 'an1261/f0004']);
    expect([...result.failed]).toEqual([['an1261/f0003', 'InvalidInput: Invalid Input']]);
  });

  it('gives up on a finding that keeps failing after 3 attempts, with the reason', async () => {
    sh.on(BatchImportFindingsCommand).resolves({ FailedCount: 1, SuccessCount: 1, FailedFindings: [{ Id: 'an1261/f0000', ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service failure' }] });

    const result = await new SecurityHubImporter(new SecurityHubClient({ region: 'us-east-1' }), { sleep: noSleep }).import(asffOf(findings(2)));

    expect(sh.commandCalls(BatchImportFindingsCommand).map((c) => c.args[0].input.Findings!.length)).toEqual([2, 1, 1]);
    expect([...result.accepted]).toEqual(['an1261/f0001']);
    expect([...result.failed]).toEqual([['an1261/f0000', 'InternalFailure: Internal service failure (after 3 attempts)']]);
  });

  it('fails every finding of a chunk whose call failed, and still sends the other chunks', async () => {
    sh.on(BatchImportFindingsCommand)
      .rejectsOnce(Object.assign(new Error('User is not authorized to perform: securityhub:BatchImportFindings'), { name: 'AccessDeniedException' }))
      .resolves({ FailedCount: 0, SuccessCount: 50, FailedFindings: [] });

    const result = await new SecurityHubImporter(new SecurityHubClient({ region: 'us-east-1' })).import(asffOf(findings(150)));

    expect(result.failed.size).toBe(100);
    expect(result.failed.get('an1261/f0099')).toBe('AccessDeniedException: User is not authorized to perform: securityhub:BatchImportFindings');
    expect(result.accepted.size).toBe(50);
    expect(result.accepted.has('an1261/f0100')).toBe(true);
  });
});

describe('Class: SecurityHubImporter with the SDK retry strategy (loopback endpoint)', () => {
  const fake = new FakeAwsEndpoint();
  const client = () => createSecurityHubClient({ endpoint: fake.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 3 });
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());

  it('retries throttling (429) and a 5xx, then imports', async () => {
    fake.fail('securityhub', 'throttle', '5xx');

    const result = await new SecurityHubImporter(client()).import(asffOf(findings(3)));

    expect(fake.of('securityhub')).toHaveLength(3);
    expect(fake.of('securityhub')[2]!.body).toEqual({ Findings: JSON.parse(JSON.stringify(asffOf(findings(3)))) });
    expect(result.accepted.size).toBe(3);
    expect(result.failed.size).toBe(0);
  });

  it('reports every finding as failed when the service stays unavailable', async () => {
    fake.fail('securityhub', '5xx', '5xx', '5xx');

    const result = await new SecurityHubImporter(client()).import(asffOf(findings(2)));

    expect(fake.of('securityhub')).toHaveLength(3);
    expect(result.accepted.size).toBe(0);
    expect(result.failed.get('an1261/f0000')).toBe('InternalException: Service unavailable (HTTP 503, 3 attempts)');
  });
});
