/**
 * The ways teams export their own logs replay like the subscription payloads: `aws logs
 * filter-log-events` JSON, and CloudWatch Logs exports to S3 (gzipped, each line prefixed with its
 * time).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Finding } from '../../lambdas/core/model/finding';
import { runCli } from './run-cli';

const SAMPLES = join(__dirname, '../../samples');
const CONFIG = join(SAMPLES, 'config.json');
const tmp = mkdtempSync(join(tmpdir(), 'an1261-exports-'));
const audit = JSON.parse(readFileSync(join(SAMPLES, 'logs/eks-audit-prod-cluster.cwl.json'), 'utf8')) as { logStream: string; logEvents: Array<{ id: string; timestamp: number; message: string }> };

describe('replaying exported CloudWatch Logs', () => {
  it('reads `aws logs filter-log-events` output, routed by --log-group', async () => {
    const file = join(tmp, 'filter-log-events.json');
    const events = audit.logEvents.map((e) => ({ logStreamName: audit.logStream, timestamp: e.timestamp, message: e.message, ingestionTime: e.timestamp + 900, eventId: e.id }));
    writeFileSync(file, JSON.stringify({ events, searchedLogStreams: [] }, null, 2));
    const { code, stdout } = await runCli('signals', file, '--log-group', '/aws/eks/prod-cluster/cluster');
    expect(code).toBe(0);
    const signals = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(signals.filter((s) => s.kind === 'build').map((s) => [s.cluster, s.host.pod.name])).toEqual([
      ['prod-cluster', 'build-web-frontend-x8k2p'],
      ['prod-cluster', 'kaniko-debug-7f9c'],
    ]);
  });

  it('reads a gzipped S3 export whose lines carry the ingestion time, and finds the chain', async () => {
    const auditFile = join(tmp, 'eks-000000.gz');
    writeFileSync(auditFile, gzipSync(audit.logEvents.map((e) => `${new Date(e.timestamp + 900).toISOString()} ${e.message}`).join('\n')));
    const { code, stdout } = await runCli('replay', auditFile, join(SAMPLES, 'logs/ecr-events.jsonl'), '--config', CONFIG, '--cluster', 'prod-cluster', '--format', 'json');
    expect(code).toBe(0);
    const findings = JSON.parse(stdout) as Finding[];
    // HIGH (pushed and deployed, no flow logs here), one step up: built outside the release windows.
    expect(findings.map((f) => [f.baseSeverity, f.severity, f.stages.join('+'), f.cluster])).toEqual([['HIGH', 'CRITICAL', 'build+push+deploy', 'prod-cluster']]);
  });

  it('replays an EKS export beside flow logs and ECR events in one run, as the README shows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'an1261-mixed-'));
    const events = audit.logEvents.map((e) => ({ logStreamName: audit.logStream, timestamp: e.timestamp, message: e.message, eventId: e.id }));
    writeFileSync(join(dir, 'audit.json'), JSON.stringify({ events }));
    for (const f of ['ecr-events.jsonl', 'vpc-flow-111122223333_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20261102T0200Z.log.gz']) {
      writeFileSync(join(dir, f), readFileSync(join(SAMPLES, 'logs', f)));
    }
    const { code, stdout, stderr } = await runCli('replay', dir, '--config', CONFIG, '--log-group', '/aws/eks/prod-cluster/cluster', '--format', 'json');
    expect(code).toBe(0);
    expect(stderr).toContain('rejected: none');
    expect((JSON.parse(stdout) as Finding[]).map((f) => [f.severity, f.stages.join('+')])).toEqual([['CRITICAL', 'build+egress+push+deploy']]);
  });
});
