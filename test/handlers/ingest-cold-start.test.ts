/**
 * Cold start of the ingest Lambdas: environment and config are read once when the module loads,
 * and a mistake fails the start with a message that names the variable or the config key.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Captured, captureStdout, handlerPath, loadHandler, useIngestEnv } from './ingest-support';

const HANDLERS = ['eks-audit', 'flow-logs', 'flow-logs-stream', 'host-logs', 'ecr-events'];

function configFile(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'an1261-config-')), 'an1261.config.json');
  writeFileSync(file, content);
  return file;
}

describe('Ingest Lambdas at cold start', () => {
  const env = useIngestEnv();
  let captured: Captured;
  beforeEach(() => {
    captured = captureStdout();
  });
  afterEach(() => captured.restore());

  it.each(HANDLERS)('%s loads with samples/config.json and says where its config came from', async (name) => {
    const loaded = loadHandler<unknown>(handlerPath(name), await env.freshEnv());
    expect(typeof loaded.handler).toBe('function');
    expect(captured.lines().find((l) => l.message === 'ingest runtime ready')).toMatchObject({ configFile: expect.stringMatching(/samples\/config\.json$/), configDefaults: false, flowLogGroups: 1, hostLogGroups: 1 });
  });

  it('fails naming the key when the config has an unknown key', async () => {
    const file = configFile(JSON.stringify({ timeWindowMinutes: 5, registryAllowlist: ['111122223333.dkr.ecr.us-east-1.amazonaws.com/*'] }));
    const base = await env.freshEnv({ AN1261_CONFIG_FILE: file });
    expect(() => loadHandler(handlerPath('eks-audit'), base)).toThrow(`${file} key "registryAllowlist": unknown key`);
  });

  it('fails naming the key when a config value is bad', async () => {
    const file = configFile(JSON.stringify({ sources: { flowLogs: [{ logGroup: '/vpc/flow/*', format: '${version} ${no-such-field}' }] }, timeWindowMinutes: '5' }));
    const base = await env.freshEnv({ AN1261_CONFIG_FILE: file });
    expect(() => loadHandler(handlerPath('flow-logs'), base)).toThrow(/key "timeWindowMinutes": .*number/);
    expect(() => loadHandler(handlerPath('flow-logs'), base)).toThrow(/key "sources\.flowLogs\[0\]\.format"/);
  });

  it('fails naming the file when the config is not JSON', async () => {
    const file = configFile('{ "timeWindowMinutes": 5,');
    const base = await env.freshEnv({ AN1261_CONFIG_FILE: file });
    expect(() => loadHandler(handlerPath('ecr-events'), base)).toThrow(`AN1261_CONFIG_FILE ${file}: config is not valid JSON`);
  });

  it('uses the defaults when no config file is bundled', async () => {
    const base = await env.freshEnv({ AN1261_CONFIG_FILE: join(tmpdir(), 'an1261-absent', 'an1261.config.json') });
    loadHandler(handlerPath('host-logs'), base);
    expect(captured.lines().find((l) => l.message === 'ingest runtime ready')).toMatchObject({ configDefaults: true, flowLogGroups: 0 });
  });

  it.each(['STATE_TABLE_NAME', 'FINDINGS_QUEUE_URL'])('fails naming %s when it is not set', async (variable) => {
    const base = await env.freshEnv({ [variable]: undefined });
    expect(() => loadHandler(handlerPath('eks-audit'), base)).toThrow(`${variable}: required environment variable is not set`);
  });
});
