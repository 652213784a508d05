/**
 * Figure 4: cold start of each Lambda. Each entry (lambdas/handlers/<name>.handler.ts) is bundled
 * with esbuild as deployed (scripts/handler-bundles.ts); the figure is the bundle's size and the time a
 * fresh `node` process takes to load it (spawn → module evaluated → exit), as overhead over a bare
 * `node -e 0` measured in the same rounds, median of several rounds. The handler's environment is
 * set as the CDK app sets it by default (no NODE_OPTIONS: source-mapped stack traces are opt-in), so module-scope set-up
 * (config, Powertools) runs as on AWS. A missing entry is reported missing.
 *
 * Beside it, for each bundle: the same load with tracing on as on AWS (AWS_EXECUTION_ENV set, so
 * the Powertools Tracer and the X-Ray SDK are loaded), the load with `@aws-sdk/*` left to the
 * runtime's copy (the alternative), and where the time goes: compiling the module (V8 parses the
 * whole file, measured alone with vm.SourceTextModule) and the rest of the import (linking, node
 * builtins, module-scope code), both timed inside the child.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ENV, METRICS_NAMESPACE } from '../../lambdas/contract';
import { REPO_ROOT } from '../bench-config';
import { median } from '../lib/stats';
import { handlerSourceEntry } from '../../lib/lambda-bundling';
import { HANDLER_NAMES, type HandlerName, handlerBundleOptions } from '../../scripts/handler-bundles';
import { timedNode } from '../lib/timed-node';
import { runtimeSdkOptions } from './bundle-options';

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
  /** Overhead with tracing on, as on AWS (the construct sets Tracing.ACTIVE). */
  tracingOverheadMs?: number;
  /** Overhead with `@aws-sdk/*` resolved from node_modules (the alternative). */
  runtimeSdkOverheadMs?: number;
  /** Inside the child: reading and compiling the module, then the rest of `import()` (link, builtins, module scope). */
  compileMs?: number;
  initMs?: number;
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
    // The names the construct sets (lambdas/contract), with values as on AWS.
    [ENV.stateTable]: 'an1261-state',
    [ENV.idempotencyTable]: 'an1261-idempotency',
    [ENV.findingsQueueUrl]: 'https://sqs.us-east-1.amazonaws.com/111122223333/an1261-findings',
    [ENV.topicArn]: 'arn:aws:sns:us-east-1:111122223333:an1261-findings',
    [ENV.securityHubEnabled]: 'true',
    [ENV.configFile]: configFile,
    LAMBDA_TASK_ROOT: taskRoot,
    [ENV.serviceName]: 'an1261-bench',
    [ENV.metricsNamespace]: METRICS_NAMESPACE,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/** As on AWS with Tracing.ACTIVE: inside Lambda, so Powertools enables its Tracer. */
function tracingEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1' };
}

/** Loads the module and checks that it exports a `handler` function. */
function loaderArgs(file: string): string[] {
  return ['--input-type=module', '-e', `const m = await import(${JSON.stringify(pathToFileURL(file).href)}); if (typeof m.handler !== 'function') { console.error('no handler export'); process.exit(3); }`];
}

/**
 * Prints `compileMs initMs` measured inside one child: reading and compiling the module text alone
 * (vm.SourceTextModule, thrown away), then `import()` of the file minus that compile.
 */
function splitArgs(file: string): string[] {
  const script = [
    "import { readFileSync } from 'node:fs'; import vm from 'node:vm';",
    `const t0 = performance.now(); new vm.SourceTextModule(readFileSync(${JSON.stringify(file)}, 'utf8')); const compile = performance.now() - t0;`,
    `const t1 = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); const load = performance.now() - t1;`,
    'process.stderr.write(`split ${compile} ${load - compile}\n`);',
  ].join('\n');
  return ['--experimental-vm-modules', '--no-warnings', '--input-type=module', '-e', script];
}

export async function measureColdStart(rounds: number, configFile: string): Promise<ColdStart> {
  // Inside the repository whatever the output folder is: the external @aws-sdk/* imports resolve from its
  // node_modules, as they resolve from the runtime's on Lambda.
  const dir = resolve(REPO_ROOT, 'bench', 'out', 'bundles');
  mkdirSync(dir, { recursive: true });
  const bundles: BundleFigure[] = [];
  const built: Array<{ fig: BundleFigure; file: string; alt: string; samples: Record<'load' | 'tracing' | 'runtimeSdk' | 'compile' | 'init', number[]> }> = [];
  for (const name of HANDLER_NAMES) {
    const entry = handlerSourceEntry(REPO_ROOT, name);
    const fig: BundleFigure = { name };
    bundles.push(fig);
    if (!existsSync(entry)) {
      fig.missing = true;
      continue;
    }
    const file = join(dir, `${name}.mjs`);
    try {
      const res = await build(handlerBundleOptions(entry, file));
      fig.bytes = statSync(file).size;
      // The metafile names outputs relative to the working directory: take the one with the entry point.
      const inputs = Object.entries(Object.values(res.metafile?.outputs ?? {}).find((o) => o.entryPoint)?.inputs ?? {});
      // By package (a node_modules package, else the source folder): what a cut would remove.
      const byPackage = new Map<string, number>();
      for (const [path, v] of inputs) {
        const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.split('/').slice(0, 3).join('/');
        byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + v.bytesInOutput);
      }
      fig.largestInputs = [...byPackage]
        .map(([path, bytes]) => ({ path, bytes }))
        .sort((a, b) => b.bytes - a.bytes)
        .slice(0, 5);
      const alt = join(dir, `${name}.runtime-sdk.mjs`);
      await build(runtimeSdkOptions(entry, alt));
      fig.runtimeSdkBytes = statSync(alt).size;
      built.push({ fig, file, alt, samples: { load: [], tracing: [], runtimeSdk: [], compile: [], init: [] } });
    } catch (e) {
      fig.error = `bundle failed: ${(e as Error).message.split('\n')[0]}`;
    }
  }
  const env = lambdaEnv(resolve(configFile), dir);
  const traced = tracingEnv(env);
  const bare: number[] = [];
  const failed = (r: { status: number | null; stderr: string }) => `module load failed (exit ${r.status}): ${(r.stderr.split('\n').find((l) => /Error/.test(l)) ?? r.stderr.trim().split('\n')[0] ?? '').slice(0, 300)}`;
  for (let round = 0; round < rounds; round++) {
    bare.push(timedNode(['-e', '0'], { env }).ms);
    for (const b of built) {
      if (b.fig.error) continue;
      const r = timedNode(loaderArgs(b.file), { env });
      if (r.status !== 0) {
        b.fig.error = failed(r);
        continue;
      }
      b.samples.load.push(r.ms);
      const t = timedNode(loaderArgs(b.file), { env: traced });
      if (t.status !== 0) b.fig.error = `with tracing on: ${failed(t)}`;
      else b.samples.tracing.push(t.ms);
      const s = timedNode(loaderArgs(b.alt), { env });
      if (s.status === 0) b.samples.runtimeSdk.push(s.ms);
      const split = /split (\S+) (\S+)/.exec(timedNode(splitArgs(b.file), { env }).stderr);
      if (split) {
        b.samples.compile.push(Number(split[1]));
        b.samples.init.push(Number(split[2]));
      }
    }
  }
  const bareNodeMs = median(bare);
  for (const b of built) {
    if (b.fig.error) continue;
    b.fig.loadMs = median(b.samples.load);
    b.fig.overheadMs = b.fig.loadMs - bareNodeMs;
    if (b.samples.tracing.length > 0) b.fig.tracingOverheadMs = median(b.samples.tracing) - bareNodeMs;
    if (b.samples.runtimeSdk.length > 0) b.fig.runtimeSdkOverheadMs = median(b.samples.runtimeSdk) - bareNodeMs;
    if (b.samples.compile.length > 0) {
      b.fig.compileMs = median(b.samples.compile);
      b.fig.initMs = median(b.samples.init);
    }
  }
  return { bareNodeMs, rounds, bundles };
}
