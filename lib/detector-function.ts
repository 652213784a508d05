/**
 * One place for every Lambda's defaults: Node.js 24 on arm64, esbuild bundling of the TypeScript
 * entry with the pinned AWS SDK inside (the tested version, and one file to load instead of hundreds
 * from the runtime's node_modules: faster cold starts), X-Ray tracing, a KMS-encrypted log group with
 * retention, Powertools environment, and the effective config bundled beside the handler. Names the
 * handlers read (environment, namespace, config file) come from the lambdas/contract module.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLED_CONFIG_PATH, CONFIG_FILE_NAME, ENV, type HandlerEntry, METRICS_NAMESPACE, serviceName } from '../lambdas/contract';
import type { Config } from '../lambdas/core/model/config';

const ROOT = join(__dirname, '..');

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
  readonly fn: NodejsFunction;
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
    this.fn = new NodejsFunction(this, 'Function', {
      entry: join(ROOT, 'lambdas/handlers', `${props.entry}.handler.ts`),
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(60),
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      ...(props.reservedConcurrentExecutions !== undefined ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions } : {}),
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      environment: {
        [ENV.serviceName]: this.serviceName,
        [ENV.metricsNamespace]: METRICS_NAMESPACE,
        [ENV.configFile]: BUNDLED_CONFIG_PATH,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        // ESM output still meets CommonJS dependencies that call require().
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        // Bundle the SDK too: pinned and tested version, faster load than the runtime's copy.
        externalModules: [],
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string) => [`cp "${configFile}" "${outputDir}/${CONFIG_FILE_NAME}"`],
        },
      },
    });
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
