/** `an1261 signals`: every input format, detected by content, becomes signals or counted reasons. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { runCli } from './run-cli';
import { CORPUS_DIR } from '../support/corpus';

const CORPUS = CORPUS_DIR;
const tmp = mkdtempSync(join(tmpdir(), 'an1261-signals-'));

describe('an1261 signals', () => {
  it('reads the whole shared corpus without a crash, one JSON signal per line, a summary on stderr', async () => {
    const { code, stdout, stderr } = await runCli('signals', CORPUS);
    // The corpus holds notes (.md), fragments and custom-format flow logs without a header: inputs
    // with no usable record, so the run is incomplete (exit 1), with every input still read.
    expect(code).toBe(1);
    expect(stderr).toContain('inputs unreadable: 0;');
    expect(stderr).toMatch(/^no usable record in input: .*SOURCES\.md: \d+ of \d+ records rejected/m);
    const signals = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(signals.length).toBeGreaterThanOrEqual(8);
    for (const s of signals) {
      expect(s).toEqual(expect.objectContaining({ kind: expect.any(String), time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), source: expect.any(String), ref: expect.any(String) }));
    }
    expect(signals.filter((s) => s.kind === 'push').map((s) => s.image)).toContain('123456789012.dkr.ecr.us-west-2.amazonaws.com/my-repository-name:latest@sha256:7f5b2640fe6fb4f46592dfd3410c4a79dac4f89e4782432e0378abcd1234');
    expect(stderr).toMatch(/^records read: \d+$/m);
    expect(stderr).toMatch(/^signals: build=\d+ egress=\d+ push=\d+ deploy=\d+ link=\d+ capability=\d+ scan=\d+$/m);
    expect(stderr).toContain('WARNING: 1 flow-log SKIPDATA record(s)');
  });

  it('gives records that name no account the --owner one (a plain host log), and keeps the account an envelope names', async () => {
    const SAMPLES = join(__dirname, '../../samples/logs');
    const { code, stdout } = await runCli('signals', join(SAMPLES, 'ci-runner-dockerd.log'), join(SAMPLES, 'eks-audit-prod-cluster.cwl.json'), '--owner', '222233334444');
    expect(code).toBe(0);
    const signals = stdout.trim().split('\n').map((l) => JSON.parse(l) as { source: string; account?: string });
    expect(new Set(signals.filter((s) => s.source === 'dockerd').map((s) => s.account))).toEqual(new Set(['222233334444']));
    expect(new Set(signals.filter((s) => s.source === 'eks-audit').map((s) => s.account))).toEqual(new Set(['111122223333']));
  });

  it('refuses an --owner that is not an account id, naming the flag', async () => {
    const { code, stderr } = await runCli('signals', '-', '--owner', '1234');
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/--owner.*12-digit AWS account id/);
  });

  it('detects gzip by its magic bytes, not the file name', async () => {
    const trail = { Records: [JSON.parse(readFileSync(join(CORPUS, 'cloudtrail/awsdocs-ecr-cloudtrail-PutImage.json'), 'utf8'))] };
    const file = join(tmp, 'trail-no-extension');
    writeFileSync(file, gzipSync(JSON.stringify(trail)));
    const { code, stdout } = await runCli('signals', file);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ kind: 'push', source: 'cloudtrail', rule: 'cloudtrail-put-image', tag: 'latest' });
  });

  it('applies the flow-log format string given on the command line', async () => {
    const file = join(tmp, 'custom.log');
    writeFileSync(file, '10.0.1.5 203.0.113.9 50000 4444 6 ACCEPT OK 1793613600 1793613660 i-0123456789abcdef0 120 3\n');
    const format = '${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${action} ${log-status} ${start} ${end} ${instance-id} ${bytes} ${packets}';
    const { stdout } = await runCli('signals', file, '--flow-format', format);
    const signals = stdout.trim().split('\n').map((l) => JSON.parse(l) as { kind: string });
    expect(signals.find((s) => s.kind === 'egress')).toMatchObject({ srcIp: '10.0.1.5', dstIp: '203.0.113.9', dstPort: 4444, bytes: 120, host: { instanceId: 'i-0123456789abcdef0' } });
    expect(signals.find((s) => s.kind === 'link')).toMatchObject({ link: 'instance-ip', instanceId: 'i-0123456789abcdef0', ip: '10.0.1.5' });
  });

  it('counts unreadable records with a reason and keeps the valid ones of the same file', async () => {
    const file = join(tmp, 'mixed.jsonl');
    const push = readFileSync(join(CORPUS, 'ecr/awsdocs-ecr-eventbridge-ImageAction-PUSH.json'), 'utf8').replace(/\s*\n\s*/g, ' ');
    writeFileSync(file, `${push}\n{not json\n${push}\n`);
    const { code, stdout, stderr } = await runCli('signals', file);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(2);
    expect(stderr).toContain('envelope:invalid-json-line: 1');
  });

  it('lists a missing input as unreadable and exits 1 (the other inputs still run)', async () => {
    const { code, stderr } = await runCli('signals', join(tmp, 'nope.log'));
    expect(code).toBe(1);
    expect(stderr).toMatch(/^unreadable input: .*nope\.log: no such file or directory$/m);
  });
});

describe('an1261 config check', () => {
  it('prints the effective configuration with defaults', async () => {
    const { code, stdout } = await runCli('config', 'check', join(__dirname, '../../samples/config.json'));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ timeWindowMinutes: 5, approvedBuilders: { namespaces: ['ci'] }, sources: { eksClusters: ['prod-cluster'] } });
  });

  it('names the file and the key of a bad value', async () => {
    const file = join(tmp, 'bad.json');
    writeFileSync(file, JSON.stringify({ approvedBuilders: { hosts: ['10.0.0.0/99'] } }));
    const { code, stderr } = await runCli('config', 'check', file);
    expect(code).toBe(2);
    expect(stderr).toContain(`${file} key "approvedBuilders.hosts[0]"`);
  });
});
