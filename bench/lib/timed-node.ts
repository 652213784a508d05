/** A child `node` process, timed from spawn to exit: what every start-up and CLI figure measures. */
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../bench-config';
import { nowMs } from './stats';

export interface TimedNode {
  ms: number;
  status: number | null;
  stderr: string;
}

export interface TimedNodeOptions {
  /** The child's whole environment (default: this process's, with the SDK's Node-version warning off). */
  env?: NodeJS.ProcessEnv;
  /** Written to the child's stdin (default: none, stdin ignored). */
  input?: string;
}

/** Runs `node <args>` in the repository, stdout discarded, and returns its wall time, status and stderr. */
export function timedNode(args: readonly string[], opts: TimedNodeOptions = {}): TimedNode {
  const env = opts.env ?? { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  const t0 = nowMs();
  const r = spawnSync(process.execPath, args, { cwd: REPO_ROOT, env, encoding: 'utf8', stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'], ...(opts.input === undefined ? {} : { input: opts.input }) });
  return { ms: nowMs() - t0, status: r.status, stderr: r.stderr ?? '' };
}
