/**
 * One place for every Lambda's defaults: Node.js 24 on arm64, one esbuild bundle with the pinned AWS
 * SDK inside (lib/lambda-bundling.ts: the tested version, and one file to load instead of hundreds
 * from the runtime's node_modules), X-Ray tracing, a KMS-encrypted log group with retention,
 * Powertools environment, and the effective config bundled beside the handler. In a checkout the
 * bundle is made at synth from the TypeScript entry (NodejsFunction); an installed package deploys
 * the bundles `npm run build` made (dist/handlers), so it needs neither esbuild nor Docker.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLED_CONFIG_FILE, LAMBDA_BUNDLING, handlerSourceEntry, packageRoot, prebuiltHandlerDir } from './lambda-bundling';

const ROOT = packageRoot();

export interface DetectorFunctionProps {
  /** Entry file name under lambdas/handlers, without `.handler.ts`. */
  readonly entry: string;
  /** Powertools service name and log-group suffix, e.g. `an1261-eks-audit`. */
  readonly serviceName: string;
  readonly description: string;
  /** Path of the effective config JSON to bundle as an1261.config.json. */
  readonly configFile: string;
  readonly key: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /** @default 1024 */
  readonly memorySize?: number;
  /** @default 60 seconds */
  readonly timeout?: Duration;
  readonly reservedConcurrentExecutions?: number;
  readonly environment?: Record<string, string>;
  readonly removalPolicy: RemovalPolicy;
}

export class DetectorFunction extends Construct {
  readonly fn: lambda.Function;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: DetectorFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      encryptionKey: props.key,
      removalPolicy: props.removalPolicy,
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
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: 'AN1261',
        AN1261_CONFIG_FILE: `/var/task/${BUNDLED_CONFIG_FILE}`,
        NODE_OPTIONS: '--enable-source-maps',
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
              afterBundling: (_inputDir: string, outputDir: string) => [`cp "${props.configFile}" "${outputDir}/${BUNDLED_CONFIG_FILE}"`],
            },
          },
        })
      : // An installed package: the bundle `npm run build` made, with the effective config beside it.
        new lambda.Function(this, 'Function', { ...common, handler: 'index.handler', code: prebuiltCode(props.entry, props.configFile) });
  }
}

/** A prebuilt handler bundle and the effective config, staged as one asset folder. */
function prebuiltCode(name: string, configFile: string): lambda.Code {
  const built = prebuiltHandlerDir(ROOT, name);
  if (!existsSync(join(built, 'index.mjs'))) throw new Error(`an1261-detector: the Lambda bundle ${join(built, 'index.mjs')} is missing (a checkout builds it with \`npm run build\`)`);
  const stage = mkdtempSync(join(tmpdir(), `an1261-${name}-`));
  for (const file of ['index.mjs', 'index.mjs.map']) if (existsSync(join(built, file))) copyFileSync(join(built, file), join(stage, file));
  copyFileSync(configFile, join(stage, BUNDLED_CONFIG_FILE));
  return lambda.Code.fromAsset(stage);
}
