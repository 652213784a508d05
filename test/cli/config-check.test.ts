/** `an1261 config check`: valid but unsafe settings are warnings on stderr; --strict makes them fail. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli';

const ROOT = join(__dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'an1261-config-check-'));

function configFile(name: string, config: unknown): string {
  const file = join(tmp, name);
  writeFileSync(file, JSON.stringify(config));
  return file;
}

describe('an1261 config check warnings', () => {
  const trustsAmazon = configFile('amazon.json', { trustedDestinations: { awsServices: ['S3', 'AMAZON'] } });

  it('prints a warning naming the key of a trusted AMAZON service, and still exits 0', async () => {
    const { code, stdout, stderr } = await runCli('config', 'check', trustsAmazon);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ trustedDestinations: { awsServices: ['S3', 'AMAZON'] } });
    expect(stderr).toMatch(/^warning: config key "trustedDestinations\.awsServices\[1\]": trusting AMAZON hides the egress .*every EC2 public and Elastic IP address.*VPC endpoints/m);
    expect(stderr).toContain(`${trustsAmazon}: valid, 1 warning\n`);
  });

  it('exits 1 with --strict when there are warnings', async () => {
    const { code, stderr } = await runCli('config', 'check', '--strict', trustsAmazon);
    expect(code).toBe(1);
    expect(stderr).toContain('warning: config key "trustedDestinations.awsServices[1]"');
    expect(stderr).toContain('(--strict: exit status 1)');
  });

  it('prints every warning, one line each', async () => {
    const file = configFile('wide.json', { trustedDestinations: { cidrs: ['0.0.0.0/0'], awsServices: ['EC2'] }, approvedBuilders: { namespaces: ['*'] }, registryAllowList: ['*'] });
    const { code, stderr } = await runCli('config', 'check', file);
    expect(code).toBe(0);
    expect(stderr.split('\n').filter((l) => l.startsWith('warning: config key ')).map((l) => l.match(/"([^"]+)"/)![1])).toEqual([
      'trustedDestinations.cidrs[0]',
      'trustedDestinations.awsServices[0]',
      'registryAllowList[0]',
      'approvedBuilders.namespaces[0]',
    ]);
    expect(stderr).toContain(`${file}: valid, 4 warnings\n`);
  });

  it.each(['samples/config.json', 'deploy/an1261.config.json'])('has no warning for the shipped %s, even with --strict', async (shipped) => {
    const { code, stderr } = await runCli('config', 'check', '--strict', join(ROOT, shipped));
    expect(code).toBe(0);
    expect(stderr).not.toContain('warning:');
    expect(stderr).toBe(`${join(ROOT, shipped)}: valid\n`);
  });

  it('documents --strict in the help', async () => {
    const { stdout } = await runCli('config', 'check', '--help');
    expect(stdout).toMatch(/--strict\s+exit with status 1 when there are warnings/);
  });
});
