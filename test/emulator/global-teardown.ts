/** Jest globalTeardown of the emulator tier: stops the moto_server process group global-setup.ts started, by its PID. */
import { PID_ENV } from './global-setup';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export default async function globalTeardown(): Promise<void> {
  const pid = Number(process.env[PID_ENV]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  delete process.env[PID_ENV];
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(-pid, 'SIGKILL');
}
