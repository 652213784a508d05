/**
 * `cdk synth` is offline and account-agnostic: bin/app.ts, run exactly as the CDK CLI runs it with
 * the caller's credentials loaded (CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION set, AWS keys in the
 * environment), writes no account or Region into the assembly; only `-c account=… -c region=…`
 * binds the stack. cdk.json turns off the CLI's notices and telemetry, the only other network calls.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { explicitStackEnv } from '../../lib/stack-env';

const ROOT = join(__dirname, '../..');
const CALLER_ACCOUNT = '999988887777';
const CALLER_REGION = 'eu-west-3';

describe('bin/app.ts with the caller\'s credentials loaded', () => {
  const out = mkdtempSync(join(tmpdir(), 'an1261-synth-'));
  let files: Record<string, string>;

  beforeAll(async () => {
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bin/app.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        // What the CDK CLI passes to the app: the output directory, the context, and the account and Region of the credentials.
        CDK_OUTDIR: out,
        CDK_CONTEXT_JSON: JSON.stringify({ config: 'deploy/an1261.config.json', 'aws:cdk:bundling-stacks': [] }),
        CDK_DEFAULT_ACCOUNT: CALLER_ACCOUNT,
        CDK_DEFAULT_REGION: CALLER_REGION,
        AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        AWS_REGION: CALLER_REGION,
      },
    });
    files = Object.fromEntries(readdirSync(out).filter((f) => f.endsWith('.json')).map((f) => [f, readFileSync(join(out, f), 'utf8')]));
  }, 60_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('synthesizes an environment-agnostic stack', () => {
    const manifest = JSON.parse(files['manifest.json']!) as { artifacts: Record<string, { type: string; environment?: string }> };
    expect(manifest.artifacts.An1261Detector).toMatchObject({ type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/unknown-region' });
  });

  it('writes neither the caller\'s account nor its Region anywhere in the assembly', () => {
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['manifest.json', 'An1261Detector.template.json']));
    for (const [name, text] of Object.entries(files)) {
      expect({ name, account: text.includes(CALLER_ACCOUNT) }).toEqual({ name, account: false });
      expect({ name, region: text.includes(CALLER_REGION) }).toEqual({ name, region: false });
    }
  });
});

describe('Function: explicitStackEnv (`-c account=… -c region=…`)', () => {
  const ctx = (values: Record<string, unknown>) => (key: string) => values[key];

  it('leaves the stack environment-agnostic without context', () => {
    expect(explicitStackEnv(ctx({}))).toBeUndefined();
  });

  it('binds the stack to the account and Region given as context', () => {
    expect(explicitStackEnv(ctx({ account: '111122223333', region: 'us-east-1' }))).toEqual({ account: '111122223333', region: 'us-east-1' });
    expect(explicitStackEnv(ctx({ region: 'eu-central-1' }))).toEqual({ region: 'eu-central-1' });
  });

  it('refuses values that are not an account id or a Region, naming the key', () => {
    expect(() => explicitStackEnv(ctx({ account: '1111-2222-3333' }))).toThrow('context "account": "1111-2222-3333" is not a 12-digit AWS account id');
    expect(() => explicitStackEnv(ctx({ region: 'Ireland' }))).toThrow('context "region": "Ireland" is not an AWS Region name');
  });
});

describe('cdk.json', () => {
  const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { notices?: unknown; context: Record<string, unknown> };

  it('turns off the CLI notices (fetched from cli.cdk.dev-tools.aws.dev on every command)', () => {
    expect(cdkJson.notices).toBe(false);
  });

  it('turns off CLI telemetry (the aws-cdk 2.1148 CLI reads the "cli-telemetry" context key)', () => {
    expect(cdkJson.context['cli-telemetry']).toBe(false);
  });
});
