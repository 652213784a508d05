/**
 * Figure 4: cold start of each Lambda. Each entry (lambdas/handlers/<name>.handler.ts) is bundled
 * with esbuild as deployed (bundle-options.ts); the figure is the bundle's size and the time a
 * fresh `node` process takes to load it (spawn → module evaluated → exit), as overhead over a bare
 * `node -e 0` measured in the same rounds, median of several rounds. The handler's environment is
 * set as the CDK app sets it, so module-scope set-up (clients, config, Powertools) runs as on AWS.
 * A missing entry is reported missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { REPO_ROOT } from '../bench-config';
import { median, nowMs } from '../lib/stats';
import { HANDLER_NAMES, type HandlerName, deployedBundleOptions, runtimeSdkOptions } from './bundle-options';

export interface BundleFigure {
  name: HandlerName;
  missing?: true;
  /** Set when the bundle could not be built or its module failed to load. */
  error?: string;
  bytes?: number;
  /** Size with `@aws-sdk/*` left to the Lambda runtime (the alternative), bytes. */
  runtimeSdkBytes?: number;
  loadMs?: number;
  overheadMs?: number;
  /** Largest inputs of the deployed bundle, for the lead to see what to trim. */
  largestInputs?: Array<{ path: string; bytes: number }>;
}

export interface ColdStart {
  bareNodeMs: number;
  rounds: number;
  bundles: BundleFigure[];
}

function lambdaEnv(configFile: string, taskRoot: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    STATE_TABLE_NAME: 'an1261-state',
    IDEMPOTENCY_TABLE_NAME: 'an1261-idempotency',
    FINDINGS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/111122223333/an1261-findings',
    TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:an1261-findings',
    SECURITY_HUB_ENABLED: 'true',
    AN1261_CONFIG_FILE: configFile,
    LAMBDA_TASK_ROOT: taskRoot,
    POWERTOOLS_SERVICE_NAME: 'an1261-bench',
    POWERTOOLS_METRICS_NAMESPACE: 'AN1261',
    NODE_OPTIONS: '--enable-source-maps',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

function timedSpawn(args: string[], env: NodeJS.ProcessEnv): { ms: number; status: number | null; stderr: string } {
  const t0 = nowMs();
  const r = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  return { ms: nowMs() - t0, status: r.status, stderr: r.stderr ?? '' };
}

/** Loads the module and checks that it exports a `handler` function. */
function loaderArgs(file: string): string[] {
  return ['--input-type=module', '-e', `const m = await import(${JSON.stringify(pathToFileURL(file).href)}); if (typeof m.handler !== 'function') { console.error('no handler export'); process.exit(3); }`];
}

export async function measureColdStart(rounds: number, configFile: string): Promise<ColdStart> {
  // Inside the repository whatever the output folder is: the external @aws-sdk/* imports resolve from its
  // node_modules, as they resolve from the runtime's on Lambda.
  const dir = resolve(REPO_ROOT, 'bench', 'out', 'bundles');
  mkdirSync(dir, { recursive: true });
  const bundles: BundleFigure[] = [];
  const built: Array<{ fig: BundleFigure; file: string; samples: number[] }> = [];
  for (const name of HANDLER_NAMES) {
    const entry = join(REPO_ROOT, 'lambdas', 'handlers', `${name}.handler.ts`);
    const fig: BundleFigure = { name };
    bundles.push(fig);
    if (!existsSync(entry)) {
      fig.missing = true;
      continue;
    }
    const file = join(dir, `${name}.mjs`);
    try {
      const res = await build(deployedBundleOptions(entry, file));
      fig.bytes = statSync(file).size;
      const inputs = Object.entries(res.metafile?.outputs[file]?.inputs ?? Object.values(res.metafile?.outputs ?? {})[0]?.inputs ?? {});
      fig.largestInputs = inputs
        .map(([path, v]) => ({ path: path.replace(/^node_modules\//, ''), bytes: v.bytesInOutput }))
        .sort((a, b) => b.bytes - a.bytes)
        .slice(0, 5);
      const alt = join(dir, `${name}.sdk-bundled.mjs`);
      await build(runtimeSdkOptions(entry, alt));
      fig.runtimeSdkBytes = statSync(alt).size;
      built.push({ fig, file, samples: [] });
    } catch (e) {
      fig.error = `bundle failed: ${(e as Error).message.split('\n')[0]}`;
    }
  }
  const env = lambdaEnv(resolve(configFile), dir);
  const bare: number[] = [];
  for (let round = 0; round < rounds; round++) {
    bare.push(timedSpawn(['-e', '0'], env).ms);
    for (const b of built) {
      if (b.fig.error) continue;
      const r = timedSpawn(loaderArgs(b.file), env);
      if (r.status !== 0) b.fig.error = `module load failed (exit ${r.status}): ${(r.stderr.split('\n').find((l) => /Error/.test(l)) ?? r.stderr.trim().split('\n')[0] ?? '').slice(0, 300)}`;
      else b.samples.push(r.ms);
    }
  }
  const bareNodeMs = median(bare);
  for (const b of built) {
    if (b.fig.error) continue;
    b.fig.loadMs = median(b.samples);
    b.fig.overheadMs = b.fig.loadMs - bareNodeMs;
  }
  return { bareNodeMs, rounds, bundles };
}
