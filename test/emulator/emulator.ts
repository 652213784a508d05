/**
 * What every emulator test uses: the endpoint of the moto_server the global setup started, a
 * `describeIfEmulator` that skips (silently: the global setup said why, once) when there is none,
 * SDK client settings for it (real clients, wire protocol, dummy credentials), and the environment
 * a Lambda handler or the CLI reads to reach it.
 */
import { ENDPOINT_ENV } from './global-setup';

export { EMULATOR_ACCOUNT } from './global-setup';


export function emulatorEndpoint(): string | undefined {
  return process.env[ENDPOINT_ENV];
}

/** `describe` when the emulator runs, else `describe.skip`. */
export const describeIfEmulator: jest.Describe = emulatorEndpoint() ? describe : describe.skip;

function endpoint(): string {
  const e = emulatorEndpoint();
  if (!e) throw new Error('the emulator is not running (test/emulator/global-setup.ts)');
  return e;
}

/** Options for any SDK v3 client: the emulator's endpoint, a region, dummy static credentials, few retries. */
export function clientConfig(region: string): { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string }; maxAttempts: number } {
  return { endpoint: endpoint(), region, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, maxAttempts: 2 };
}

/** The standard SDK environment pointing every client the product builds itself at the emulator. */
export function emulatorEnv(region: string): Record<string, string> {
  return { AWS_ENDPOINT_URL: endpoint(), AWS_REGION: region, AWS_DEFAULT_REGION: region, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' };
}

/** Applies `env` to process.env for the rest of the test file and restores the original after it. */
export function useProcessEnv(env: () => Record<string, string | undefined>): void {
  const original = { ...process.env };
  beforeAll(() => {
    for (const [k, v] of Object.entries(env())) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  afterAll(() => {
    for (const k of Object.keys(process.env)) if (!(k in original)) delete process.env[k];
    Object.assign(process.env, original);
  });
}
