/**
 * `an1261 doctor --account <id>`: the member's doctorRoleArn (or --role-arn) is assumed, then the
 * member's EKS audit and host log groups are checked, their subscription being a filter to a
 * CloudWatch Logs destination of the central (caller's) account.
 */
import { GetCallerIdentityCommand, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { AccountReader } from '../../lambdas/adapters/account-reader';
import { type DoctorReport, runMemberDoctor } from '../../lambdas/cli/doctor/run-doctor';
import { parseConfig } from '../../lambdas/core/model/config';
import { type AccountMocks, type AccountScenario, NOW, REGION, SAMPLE_CONFIG, healthyAccount, mockAccount, row, rows, serviceError } from './doctor-mocks';
import { runCli } from './run-cli';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

const CENTRAL = '111122223333';
const MEMBER = '444455556666';
const ROLE = `arn:aws:iam::${MEMBER}:role/an1261-doctor`;
const DESTINATION = `arn:aws:logs:us-east-1:${CENTRAL}:destination:an1261-member-logs`;
const EKS_GROUP = '/aws/eks/prod-cluster/cluster';

const config = (() => {
  const c = JSON.parse(JSON.stringify(SAMPLE_CONFIG)) as Record<string, unknown>;
  c.accounts = { members: [{ id: MEMBER, name: 'payments', doctorRoleArn: ROLE }] };
  return parseConfig(c);
})();

/** A member account whose groups are subscribed to the central destination. */
function memberAccount(): AccountScenario {
  const s = healthyAccount();
  for (const g of s.logGroups) g.filters = [{ filterName: 'an1261-central', destinationArn: DESTINATION, filterPattern: '' }];
  s.clusters.push({ name: 'payments-eks', logTypes: ['audit'] });
  s.logGroups.push({ ...s.logGroups[0]!, name: '/aws/eks/payments-eks/cluster' });
  return s;
}

async function runMember(opts: { roleArn?: string } = {}): Promise<DoctorReport> {
  const reader = new AccountReader({ region: REGION, maxAttempts: 1 });
  try {
    return await runMemberDoctor(reader, { config, now: NOW, staleAfterMs: 3_600_000, marker: 'an1261', vpcIds: [], memberAccount: MEMBER, roleArn: opts.roleArn ?? ROLE });
  } finally {
    reader.destroy();
  }
}

describe('an1261 doctor --account (member accounts)', () => {
  let mocks: AccountMocks;
  let scenario: AccountScenario;
  beforeAll(() => (mocks = mockAccount(() => scenario)));
  afterAll(() => mocks.restore());
  beforeEach(() => {
    scenario = memberAccount();
    mocks.reset();
    mocks.sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'ASIAMEMBERDOCTOR0001', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(NOW + 900_000) } });
    mocks.sts
      .on(GetCallerIdentityCommand)
      .resolvesOnce({ Account: CENTRAL, Arn: `arn:aws:sts::${CENTRAL}:assumed-role/auditor/me` })
      .resolves({ Account: MEMBER, Arn: `arn:aws:sts::${MEMBER}:assumed-role/an1261-doctor/an1261-doctor` });
  });

  it('assumes the role, checks every cluster and host-log group of the member, subscriptions to the central destination PASS', async () => {
    const report = await runMember();
    expect(report).toMatchObject({ account: MEMBER, exitCode: 0 });
    expect(row(report, 'member.role', ROLE)).toMatchObject({ status: 'PASS', evidence: `assumed: arn:aws:sts::${MEMBER}:assumed-role/an1261-doctor/an1261-doctor` });
    expect(mocks.sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input).toMatchObject({ RoleArn: ROLE, RoleSessionName: 'an1261-doctor' });
    expect(row(report, 'eks-audit.subscription', EKS_GROUP)).toMatchObject({ status: 'PASS', evidence: `subscription an1261-central → ${DESTINATION} (a CloudWatch Logs destination of account ${CENTRAL})` });
    expect(row(report, 'host-logs.subscription', '/ec2/docker').status).toBe('PASS');
    expect(row(report, 'eks.audit-logging', 'payments-eks').status).toBe('PASS');
    // Member clusters are not in sources.eksClusters, by design: no eks.config warning.
    expect(rows(report, 'eks.config')).toEqual([]);
    // Flow logs, CloudTrail, EventBridge and Security Hub are the central account's.
    expect(report.checks.map((c) => c.id.split('.')[0])).toEqual(expect.not.arrayContaining(['vpc-flow', 'cloudtrail', 'ecr-events', 'security-hub']));
  });

  it('WARN with the exact put-subscription-filter (the audit filter pattern) when a group goes elsewhere', async () => {
    scenario.logGroups.find((g) => g.name === EKS_GROUP)!.filters = [{ filterName: 'to-lambda', destinationArn: `arn:aws:lambda:us-east-1:${MEMBER}:function:local`, filterPattern: '' }];
    const r = row(await runMember(), 'eks-audit.subscription', EKS_GROUP);
    expect(r.status).toBe('WARN');
    expect(r.evidence).toBe(`no subscription filter to a CloudWatch Logs destination of account ${CENTRAL} (arn:aws:logs:us-east-1:${CENTRAL}:destination:…): the detector does not receive this group (other filters: to-lambda → arn:aws:lambda:us-east-1:${MEMBER}:function:local)`);
    expect(r.fix).toBe(
      `aws logs put-subscription-filter --region us-east-1 --log-group-name '${EKS_GROUP}' --filter-name an1261 --filter-pattern '{ ($.kind = "Event") && ($.verb != "list") && ($.verb != "watch") && (($.verb != "get") || ($.objectRef.subresource = "exec")) }' --destination-arn arn:aws:logs:us-east-1:${CENTRAL}:destination:<the detector's destination> (the destination's policy must list this account or its organisation)`,
    );
  });

  it('a destination of another account or another Region is not the detector’s', async () => {
    scenario.logGroups.find((g) => g.name === EKS_GROUP)!.filters = [
      { filterName: 'a', destinationArn: `arn:aws:logs:us-east-1:999999999999:destination:x`, filterPattern: '' },
      { filterName: 'b', destinationArn: `arn:aws:logs:eu-west-1:${CENTRAL}:destination:x`, filterPattern: '' },
    ];
    expect(row(await runMember(), 'eks-audit.subscription', EKS_GROUP)).toMatchObject({ status: 'FAIL' });
  });

  it('FAIL when the role cannot be assumed, with how to create it', async () => {
    mocks.sts.on(AssumeRoleCommand).rejects(serviceError('AccessDenied', 'not authorized to perform sts:AssumeRole', 403));
    const report = await runMember();
    expect(row(report, 'member.role', ROLE)).toMatchObject({ status: 'FAIL', fix: `create ${ROLE} in account ${MEMBER} with a trust policy for arn:aws:sts::${CENTRAL}:assumed-role/auditor/me (or account ${CENTRAL}) and the read-only actions of docs/doctor.md; or pass --role-arn` });
    expect(report.checks).toHaveLength(2);
  });

  it('FAIL when the role belongs to another account than --account', async () => {
    mocks.sts.on(GetCallerIdentityCommand).resolvesOnce({ Account: CENTRAL, Arn: 'arn:aws:sts::111122223333:assumed-role/auditor/me' }).resolves({ Account: '777788889999', Arn: 'arn:aws:sts::777788889999:assumed-role/x/y' });
    expect(row(await runMember(), 'member.role', ROLE)).toMatchObject({ status: 'FAIL', evidence: `the role is in account 777788889999, not ${MEMBER}` });
  });

  describe('on the command line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'an1261-member-'));
    const file = join(dir, 'config.json');
    beforeAll(() => {
      const c = JSON.parse(readFileSync(join(__dirname, '../../samples/config.json'), 'utf8')) as Record<string, unknown>;
      c.accounts = { members: [{ id: MEMBER, doctorRoleArn: ROLE }, { id: '555566667777' }] };
      writeFileSync(file, JSON.stringify(c));
      jest.spyOn(Date, 'now').mockReturnValue(NOW);
    });
    afterAll(() => jest.restoreAllMocks());

    it('--account runs the member checks with its doctorRoleArn', async () => {
      const { code, stdout } = await runCli('doctor', '--region', 'us-east-1', '--config', file, '--account', MEMBER, '--json');
      expect(code).toBe(0);
      expect((JSON.parse(stdout) as DoctorReport).account).toBe(MEMBER);
      expect(mocks.sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input.RoleArn).toBe(ROLE);
    });

    it('--role-arn wins over the config', async () => {
      const other = `arn:aws:iam::${MEMBER}:role/other`;
      await runCli('doctor', '--region', 'us-east-1', '--config', file, '--account', MEMBER, '--role-arn', other, '--json');
      expect(mocks.sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input.RoleArn).toBe(other);
    });

    it.each([
      [['--account', '1234'], 'an1261: --account "1234": expected a 12-digit AWS account id\n'],
      [['--account', '555566667777'], 'an1261: no role to check account 555566667777: its entry in accounts.members has no doctorRoleArn; pass --role-arn <arn>\n'],
      [['--account', '999999999999'], 'an1261: no role to check account 999999999999: it is not in accounts.members; pass --role-arn <arn>\n'],
      [['--role-arn', ROLE], 'an1261: --role-arn needs --account <id>\n'],
      [['--account', MEMBER, '--role-arn', 'role/x'], 'an1261: --role-arn "role/x": expected an IAM role ARN\n'],
    ])('%j is a usage error', async (args, message) => {
      const { code, stderr } = await runCli('doctor', '--region', 'us-east-1', '--config', file, ...args);
      expect(code).toBe(2);
      expect(stderr).toBe(message);
    });
  });
});
