/**
 * The member-account side of cross-account CloudWatch Logs: `An1261MemberStack` subscribes EKS audit
 * (with the central stack's filter pattern) and host log groups to the detector's destination, with
 * the role AWS requires for organisation-wide destinations; its template deploys as a StackSet (no
 * assets, no bootstrap rule or parameter); bin/member-app.ts synthesizes it from context.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EKS_AUDIT_FILTER_PATTERN } from '../../lib/ingest-sources';
import { An1261MemberStack, MemberAccountLogs } from '../../lib/member-account-logs';
import { memberNagAcknowledgementsOf } from '../../lib/nag-acknowledgements';

const ROOT = join(__dirname, '../..');
const DESTINATION = 'arn:aws:logs:us-east-1:111122223333:destination:an1261-logs';
const partitionArn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });

function synth(logs: Partial<ConstructorParameters<typeof MemberAccountLogs>[2]> = {}) {
  const app = new App();
  const stack = new An1261MemberStack(app, 'Member', { env: { account: '222233334444', region: 'us-east-1' }, logs: { destinationArn: DESTINATION, eksClusters: ['prod', 'ci'], hostLogGroups: ['/ec2/docker'], ...logs } });
  return { stack, template: Template.fromStack(stack) };
}

describe('An1261MemberStack', () => {
  const { stack, template } = synth();
  const roleId = Object.keys(template.findResources('AWS::IAM::Role'))[0]!;

  it('subscribes each EKS control-plane group with the central audit filter and each host group whole, through the subscription role', () => {
    const filters = Object.values(template.findResources('AWS::Logs::SubscriptionFilter')).map((f) => [f.Properties.LogGroupName, f.Properties.FilterPattern, f.Properties.DestinationArn, f.Properties.RoleArn, f.Properties.FilterName]);
    const role = { 'Fn::GetAtt': [roleId, 'Arn'] };
    expect(filters).toEqual([
      ['/aws/eks/prod/cluster', EKS_AUDIT_FILTER_PATTERN, DESTINATION, role, 'an1261'],
      ['/aws/eks/ci/cluster', EKS_AUDIT_FILTER_PATTERN, DESTINATION, role, 'an1261'],
      ['/ec2/docker', '', DESTINATION, role, 'an1261'],
    ]);
    for (const f of Object.values(template.findResources('AWS::Logs::SubscriptionFilter'))) expect(f.DependsOn).toEqual(expect.arrayContaining([roleId]));
  });

  it('lets CloudWatch Logs only put events into the subscribed groups', () => {
    template.hasResourceProperties('AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'logs.amazonaws.com' } }] } });
    const [policy] = Object.values(template.findResources('AWS::IAM::Policy'));
    expect(policy!.Properties.PolicyDocument.Statement).toEqual([
      {
        Action: 'logs:PutLogEvents',
        Effect: 'Allow',
        Resource: ['/aws/eks/prod/cluster', '/aws/eks/ci/cluster', '/ec2/docker'].map((g) => partitionArn(`:logs:us-east-1:222233334444:log-group:${g}:*`)),
      },
    ]);
  });

  it('deploys as a StackSet: no bootstrap version rule or parameter, no asset', () => {
    const json = template.toJSON();
    expect(json.Rules).toBeUndefined();
    expect(json.Parameters).toBeUndefined();
    expect(Object.keys(json.Resources).sort()).toEqual(expect.arrayContaining([roleId]));
    expect(Object.values(json.Resources).map((r) => (r as { Type: string }).Type).sort()).toEqual(['AWS::IAM::Policy', 'AWS::IAM::Role', 'AWS::Logs::SubscriptionFilter', 'AWS::Logs::SubscriptionFilter', 'AWS::Logs::SubscriptionFilter']);
  });

  it('has no cdk-nag finding but the acknowledged one per subscribed group, on the role', () => {
    const result = new AwsSolutionsChecks(stack).validateScope(stack);
    const acks = memberNagAcknowledgementsOf(stack.memberLogs);
    expect(result.violations.map((v) => v.ruleName).sort()).toEqual(acks.map((a) => a.finding).sort());
    expect(acks.map((a) => a.finding)).toContain('AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:us-east-1:222233334444:log-group:/aws/eks/prod/cluster:*]');
    for (const v of result.violations) for (const r of v.violatingResources ?? []) expect(r.constructPath).toMatch(/^Member\/Logs\/SubscriptionRole\//);
  });

  it('names neither a role nor an acknowledgement without the subscription role, and refuses an empty or repeated subscription', () => {
    const { stack: bare, template: t } = synth({ subscriptionRole: false, eksClusters: ['prod'], hostLogGroups: [] });
    t.resourceCountIs('AWS::IAM::Role', 0);
    t.hasResourceProperties('AWS::Logs::SubscriptionFilter', { LogGroupName: '/aws/eks/prod/cluster', RoleArn: Match.absent() });
    expect(new AwsSolutionsChecks(bare).validateScope(bare).violations).toEqual([]);
    expect(() => synth({ eksClusters: [], hostLogGroups: [] })).toThrow('MemberAccountLogs: name at least one EKS cluster or host log group to subscribe');
    expect(() => synth({ eksClusters: ['prod'], hostLogGroups: ['/aws/eks/prod/cluster'] })).toThrow('MemberAccountLogs: log group /aws/eks/prod/cluster is named twice');
  });
});

describe('bin/member-app.ts', () => {
  const out = mkdtempSync(join(tmpdir(), 'an1261-member-'));
  const run = (context: Record<string, unknown>) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'bin/member-app.ts'], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, CDK_OUTDIR: out, CDK_CONTEXT_JSON: JSON.stringify(context) } });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('synthesizes an environment-agnostic member template from context, cdk-nag passing', async () => {
    await run({ destinationArn: DESTINATION, eksClusters: 'prod,ci', hostLogGroups: '/ec2/docker' });
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['An1261Member.template.json']));
    const t = JSON.parse(readFileSync(join(out, 'An1261Member.template.json'), 'utf8')) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>; Rules?: unknown };
    const groups = Object.values(t.Resources).filter((r) => r.Type === 'AWS::Logs::SubscriptionFilter').map((r) => r.Properties.LogGroupName);
    expect(groups).toEqual(['/aws/eks/prod/cluster', '/aws/eks/ci/cluster', '/ec2/docker']);
    expect(t.Rules).toBeUndefined();
    const report = JSON.parse(readFileSync(join(out, 'validation-report.json'), 'utf8')) as { pluginReports: Array<{ pluginName: string; conclusion: string }> };
    expect(report.pluginReports.find((p) => p.pluginName === 'AwsSolutions')?.conclusion).toBe('success');
  }, 60_000);

  it('refuses a missing or malformed destination ARN, naming the context key', async () => {
    await expect(run({ eksClusters: 'prod' })).rejects.toThrow('context "destinationArn": undefined is not a CloudWatch Logs destination ARN');
    await expect(run({ destinationArn: 'arn:aws:logs:us-east-1:111122223333:log-group:x', eksClusters: 'prod' })).rejects.toThrow('context "destinationArn"');
  }, 60_000);
});
