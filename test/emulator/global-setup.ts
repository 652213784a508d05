/**
 * Jest globalSetup of the emulator tier: starts `moto_server` (an AWS API emulator) on a free
 * loopback port and waits until it answers; the tests reach it through AN1261_EMULATOR_ENDPOINT.
 * Without `moto_server` on PATH the tier is skipped, said once here (see emulator.ts), unless
 * AN1261_REQUIRE_EMULATOR is set (CI), which makes that an error.
 * global-teardown.ts stops the process group started here, by its PID.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export const ENDPOINT_ENV = 'AN1261_EMULATOR_ENDPOINT';
/** moto's default account: every resource the emulator creates lives in it. */
export const EMULATOR_ACCOUNT = '123456789012';
export const PID_ENV = 'AN1261_EMULATOR_PID';
export const SKIPPED_ENV = 'AN1261_EMULATOR_SKIPPED';
/** Set (as .ci/run does) to fail instead of skipping when moto_server is missing. */
export const REQUIRE_ENV = 'AN1261_REQUIRE_EMULATOR';

/** The executable's path when it is on PATH. */
export function onPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A loopback port nothing listens on (the OS picks it; released for moto_server to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess, logFile: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with status ${child.exitCode} before answering (log: ${logFile})`);
    try {
      const res = await fetch(`${endpoint}/moto-api/data.json`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms (log: ${logFile})`);
}

/**
 * Starts `moto_server` (at `path`) on a free loopback port, in its own process group (detached, so
 * it and anything it spawned stop at once with `process.kill(-pid)`), and waits until it answers.
 */
export async function startMotoServer(path: string, logPrefix = 'an1261-moto-'): Promise<{ endpoint: string; pid: number }> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const logFile = join(mkdtempSync(join(tmpdir(), logPrefix)), 'moto_server.log');
  const log = openSync(logFile, 'a');
  const child = spawn(path, ['-H', '127.0.0.1', '-p', String(port)], { detached: true, stdio: ['ignore', log, log] });
  child.unref();
  try {
    await waitUntilAnswering(endpoint, child, logFile);
  } catch (e) {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
    throw e;
  }
  return { endpoint, pid: child.pid! };
}

export default async function globalSetup(): Promise<void> {
  const moto = onPath('moto_server');
  if (!moto) {
    // CI has moto_server: there a missing emulator is a broken machine, not a reason to skip.
    if (process.env[REQUIRE_ENV]) throw new Error(`${REQUIRE_ENV} is set but moto_server is not on PATH (pip install "moto[server]")`);
    process.env[SKIPPED_ENV] = 'moto_server not on PATH';
    process.stdout.write('\nemulator tier skipped: moto_server is not on PATH (pip install "moto[server]" to run test/emulator)\n');
    return;
  }
  const { endpoint, pid } = await startMotoServer(moto);
  process.env[ENDPOINT_ENV] = endpoint;
  process.env[PID_ENV] = String(pid);
}
