/**
 * The CDK app: config → stack → cdk-nag, nothing else. The config file comes from
 * `cdk synth -c config=path.json` or the `config` context of cdk.json; it is the same schema as
 * the CLI's `--config`, and a bad key fails the synth naming it; a valid but unsafe one is a warning.
 * The stack is environment-agnostic (no account or Region in the template, whatever credentials are
 * loaded) unless bound explicitly with `-c account=… -c region=…` (lib/stack-env.ts).
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { An1261Stack } from '../lib/an1261-stack';
import { loadConfigFile } from '../lambdas/contract';
import { explicitStackEnv } from '../lib/stack-env';

const app = new App();
const configFile = app.node.tryGetContext('config') as string | undefined;
if (!configFile) throw new Error('No config: pass `-c config=path/to/an1261.config.json` or set "config" in cdk.json context');
const config = loadConfigFile(configFile);
new An1261Stack(app, (app.node.tryGetContext('stackName') as string | undefined) ?? 'An1261Detector', {
  config,
  description: 'an1261-detector: MITRE ATT&CK AN1261 (T1612 Build Image on Host) detection pipeline',
  // Never CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION: those are the caller's credentials, not a choice.
  env: explicitStackEnv((key) => app.node.tryGetContext(key)),
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
