/**
 * One place for every Lambda's defaults: Node.js 24 on arm64, one esbuild bundle with the pinned AWS
 * SDK inside (lib/lambda-bundling.ts: the tested version, and one file to load instead of hundreds
 * from the runtime's node_modules), X-Ray tracing, a KMS-encrypted log group with retention,
 * Powertools environment, and the effective config bundled beside the handler. In a checkout the
 * bundle is made at synth from the TypeScript entry (NodejsFunction); an installed package deploys
 * the bundles `npm run build` made (dist/handlers), so it needs neither esbuild nor Docker. Names
 * the handlers read (environment, namespace, config file) come from the lambdas/contract module.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLED_CONFIG_PATH, CONFIG_FILE_NAME, ENV, type HandlerEntry, METRICS_NAMESPACE, serviceName } from '../lambdas/contract';
import type { Config } from '../lambdas/core/model/config';
import { LAMBDA_BUNDLING, handlerSourceEntry, packageRoot, prebuiltHandlerDir } from './lambda-bundling';

const ROOT = packageRoot();

/** What every function of one detector shares. */
export interface DetectorFunctionDefaults {
  /** The validated configuration, bundled beside each handler; also sets the log retention. */
  readonly config: Config;
  /** Customer-managed key of the log group. */
  readonly key: kms.IKey;
  /**
   * What happens to the log group on `cdk destroy`.
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Map stack traces in the functions' logs to the TypeScript sources (`NODE_OPTIONS=--enable-source-maps`).
   * The maps ship in every bundle either way; reading one costs about 70 ms of each cold start (a
   * third of what loading a handler costs), so they are read only when this is on.
   * @default false
   */
  readonly sourceMapStackTraces?: boolean;
}

export interface DetectorFunctionProps extends DetectorFunctionDefaults {
  /** Handler entry under lambdas/handlers, without `.handler.ts`; its service name is `an1261-<entry>`. */
  readonly entry: HandlerEntry;
  /** The function's description in the Lambda console. */
  readonly description: string;
  /** @default 1024 */
  readonly memorySize?: number;
  /** @default 60 seconds */
  readonly timeout?: Duration;
  /** @default no reserved concurrency */
  readonly reservedConcurrentExecutions?: number;
  /** Variables beside the Powertools and config ones. @default none */
  readonly environment?: Record<string, string>;
}

export class DetectorFunction extends Construct {
  readonly fn: lambda.Function;
  readonly logGroup: logs.LogGroup;
  /** The Powertools service name: the `service` dimension of the function's metrics. */
  readonly serviceName: string;

  constructor(scope: Construct, id: string, props: DetectorFunctionProps) {
    super(scope, id);
    this.serviceName = serviceName(props.entry);
    const configFile = effectiveConfigFile(props.config);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.config.operations.logRetentionDays as logs.RetentionDays,
      encryptionKey: props.key,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
    });
    const common: lambda.FunctionOptions & { runtime: lambda.Runtime } = {
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(60),
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      ...(props.reservedConcurrentExecutions !== undefined ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions } : {}),
      environment: {
        [ENV.serviceName]: this.serviceName,
        [ENV.metricsNamespace]: METRICS_NAMESPACE,
        [ENV.configFile]: BUNDLED_CONFIG_PATH,
        ...(props.sourceMapStackTraces ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
        ...props.environment,
      },
    };
    const entry = handlerSourceEntry(ROOT, props.entry);
    this.fn = existsSync(entry)
      ? // A checkout: bundle the TypeScript entry with esbuild at synth, as `npm run build` does.
        new NodejsFunction(this, 'Function', {
          ...common,
          entry,
          handler: 'handler',
          projectRoot: ROOT,
          depsLockFilePath: join(ROOT, 'package-lock.json'),
          bundling: {
            format: LAMBDA_BUNDLING.format === 'esm' ? OutputFormat.ESM : OutputFormat.CJS,
            target: LAMBDA_BUNDLING.target,
            minify: LAMBDA_BUNDLING.minify,
            sourceMap: LAMBDA_BUNDLING.sourceMap,
            sourcesContent: LAMBDA_BUNDLING.sourcesContent,
            mainFields: [...LAMBDA_BUNDLING.mainFields],
            banner: LAMBDA_BUNDLING.banner,
            externalModules: [...LAMBDA_BUNDLING.externalModules],
            commandHooks: {
              beforeBundling: () => [],
              beforeInstall: () => [],
              afterBundling: (_inputDir: string, outputDir: string) => [`cp "${configFile}" "${outputDir}/${CONFIG_FILE_NAME}"`],
            },
          },
        })
      : // An installed package: the bundle `npm run build` made, with the effective config beside it.
        new lambda.Function(this, 'Function', { ...common, handler: 'index.handler', code: prebuiltCode(props.entry, configFile) });
  }
}

const written = new WeakMap<Config, string>();

/** The config the Lambdas run with, written once per synth (per config) and bundled beside each handler. */
function effectiveConfigFile(config: Config): string {
  let file = written.get(config);
  if (!file) {
    file = join(mkdtempSync(join(tmpdir(), 'an1261-config-')), CONFIG_FILE_NAME);
    writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
    written.set(config, file);
  }
  return file;
}

/** A prebuilt handler bundle and the effective config, staged as one asset folder. */
function prebuiltCode(name: string, configFile: string): lambda.Code {
  const built = prebuiltHandlerDir(ROOT, name);
  if (!existsSync(join(built, 'index.mjs'))) throw new Error(`an1261-detector: the Lambda bundle ${join(built, 'index.mjs')} is missing (a checkout builds it with \`npm run build\`)`);
  const stage = mkdtempSync(join(tmpdir(), `an1261-${name}-`));
  for (const file of ['index.mjs', 'index.mjs.map']) if (existsSync(join(built, file))) copyFileSync(join(built, file), join(stage, file));
  copyFileSync(configFile, join(stage, CONFIG_FILE_NAME));
  return lambda.Code.fromAsset(stage);
}
