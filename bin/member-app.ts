/**
 * The member-account CDK app: one `An1261MemberStack` that subscribes a member account's EKS audit
 * and host log groups to the detector's cross-account destination. Its template has no assets and
 * no bootstrap check, so it deploys as a CloudFormation StackSet over the organisation:
 *
 *   npx cdk synth -a "npx tsx bin/member-app.ts" -c destinationArn=arn:aws:logs:eu-west-1:999999999999:destination:an1261-logs \
 *     -c eksClusters=prod,ci -c hostLogGroups=/ec2/docker,/ec2/auditd [-c subscriptionRole=false] > member.template.yaml
 *
 * `destinationArn` is the central stack's `LogsDestinationArn` output; the lists are comma-separated.
 * Like bin/app.ts the stack is environment-agnostic unless `-c account=… -c region=…` bind it.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { An1261MemberStack } from '../lib/member-account-logs';
import { explicitStackEnv } from '../lib/stack-env';

const app = new App();
const context = (key: string) => app.node.tryGetContext(key) as unknown;
const list = (key: string): string[] => {
  const v = context(key);
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.map(String);
  return String(v).split(',').map((s) => s.trim()).filter((s) => s.length > 0);
};
const destinationArn = context('destinationArn');
if (typeof destinationArn !== 'string' || !/^arn:aws[\w-]*:logs:[\w-]+:\d{12}:destination:[^:*]+$/.test(destinationArn)) {
  throw new Error(`context "destinationArn": ${JSON.stringify(destinationArn)} is not a CloudWatch Logs destination ARN (the detector stack's LogsDestinationArn output)`);
}
const subscriptionRole = context('subscriptionRole');
new An1261MemberStack(app, (context('stackName') as string | undefined) ?? 'An1261Member', {
  description: 'an1261-detector member account: EKS audit and host logs to the cross-account destination of the detector',
  env: explicitStackEnv(context),
  logs: {
    destinationArn,
    eksClusters: list('eksClusters'),
    hostLogGroups: list('hostLogGroups'),
    subscriptionRole: subscriptionRole === undefined ? true : String(subscriptionRole) !== 'false',
  },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
