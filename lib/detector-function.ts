/**
 * One place for every Lambda's defaults: Node.js 24 on arm64, esbuild bundling of the TypeScript
 * entry with the pinned AWS SDK inside (the tested version, and one file to load instead of hundreds
 * from the runtime's node_modules: faster cold starts), X-Ray tracing, a KMS-encrypted log group with
 * retention, Powertools environment, and the effective config bundled beside the handler.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

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
  readonly fn: NodejsFunction;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: DetectorFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      encryptionKey: props.key,
      removalPolicy: props.removalPolicy,
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
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: 'AN1261',
        AN1261_CONFIG_FILE: '/var/task/an1261.config.json',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: true,
        // Node reads and parses the map at load (--enable-source-maps): without the sources it is a third the size.
        sourcesContent: false,
        mainFields: ['module', 'main'],
        // ESM output still meets CommonJS dependencies that call require().
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        // Bundle the SDK too: pinned and tested version, faster load than the runtime's copy.
        externalModules: [],
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string) => [`cp "${props.configFile}" "${outputDir}/an1261.config.json"`],
        },
      },
    });
  }
}
