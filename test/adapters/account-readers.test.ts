/** The read-only adapters send exactly the requests the doctor relies on, and map answers and "not found" faithfully. */
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, DescribeSubscriptionFiltersCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { BatchImportFindingsCommand, DescribeHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudTrailReader } from '../../lambdas/adapters/cloudtrail-reader';
import { CloudWatchLogsReader, globPrefix } from '../../lambdas/adapters/cloudwatch-logs-reader';
import { EksReader } from '../../lambdas/adapters/eks-reader';
import { SecurityHubReader } from '../../lambdas/adapters/security-hub-reader';

const err = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
const TRAIL = 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org';

describe('CloudWatchLogsReader', () => {
  const logs = mockClient(CloudWatchLogsClient);
  afterAll(() => logs.restore());
  beforeEach(() => logs.reset());

  it('globPrefix: the literal part DescribeLogGroups can narrow by', () => {
    expect(globPrefix('/ec2/docker*')).toBe('/ec2/docker');
    expect(globPrefix('/vpc/?/flow')).toBe('/vpc/');
    expect(globPrefix('*')).toBe('');
    expect(globPrefix('/exact')).toBe('/exact');
  });

  it('an exact name returns that group only, not its longer namesakes; `*` lists without a prefix', async () => {
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: '/ec2/docker' }, { logGroupName: '/ec2/docker-old', retentionInDays: 1 }] });
    const reader = new CloudWatchLogsReader(new CloudWatchLogsClient({ region: 'us-east-1' }));
    expect(await reader.findLogGroups('/ec2/docker')).toEqual([{ name: '/ec2/docker' }]);
    expect((await reader.findLogGroups('*')).map((g) => g.name)).toEqual(['/ec2/docker', '/ec2/docker-old']);
    expect(logs.commandCalls(DescribeLogGroupsCommand).map((c) => c.args[0].input)).toEqual([{ logGroupNamePrefix: '/ec2/docker', limit: 50 }, { limit: 50 }]);
  });

  it('subscription filters come back with name, pattern and destination', async () => {
    logs.on(DescribeSubscriptionFiltersCommand).resolves({ subscriptionFilters: [{ filterName: 'f', filterPattern: '', destinationArn: 'arn:aws:lambda:us-east-1:1:function:x' }] });
    const reader = new CloudWatchLogsReader(new CloudWatchLogsClient({ region: 'us-east-1' }));
    expect(await reader.subscriptionFilters('/g')).toEqual([{ name: 'f', pattern: '', destinationArn: 'arn:aws:lambda:us-east-1:1:function:x' }]);
    expect(logs.commandCalls(DescribeSubscriptionFiltersCommand)[0]!.args[0].input).toEqual({ logGroupName: '/g' });
  });
});

describe('EksReader', () => {
  const eks = mockClient(EKSClient);
  afterAll(() => eks.restore());
  beforeEach(() => eks.reset());

  it('merges enabled log types across setups; an unknown cluster is undefined', async () => {
    eks.on(DescribeClusterCommand, { name: 'prod' }).resolves({ cluster: { name: 'prod', logging: { clusterLogging: [{ types: ['api'], enabled: true }, { types: ['scheduler'], enabled: false }, { types: ['audit'], enabled: true }] } } });
    eks.on(DescribeClusterCommand, { name: 'gone' }).rejects(err('ResourceNotFoundException', 'No cluster found for name: gone.'));
    const reader = new EksReader(new EKSClient({ region: 'us-east-1' }));
    expect(await reader.describeCluster('prod')).toEqual({ name: 'prod', enabledLogTypes: ['api', 'audit'] });
    expect(await reader.describeCluster('gone')).toBeUndefined();
  });
});

describe('CloudTrailReader', () => {
  const ct = mockClient(CloudTrailClient);
  afterAll(() => ct.restore());
  beforeEach(() => ct.reset());

  it('includes shadow trails and addresses each trail by ARN (works across Regions)', async () => {
    ct.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: 'org', TrailARN: TRAIL, HomeRegion: 'eu-west-1', IsMultiRegionTrail: true, IsOrganizationTrail: true }] });
    ct.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    ct.on(GetEventSelectorsCommand).resolves({ AdvancedEventSelectors: [{ Name: 'mgmt', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] });
    const reader = new CloudTrailReader(new CloudTrailClient({ region: 'us-east-1' }));
    expect(await reader.trails()).toEqual([{ name: 'org', arn: TRAIL, homeRegion: 'eu-west-1', multiRegion: true, organization: true }]);
    expect(await reader.isLogging(TRAIL)).toBe(true);
    expect(await reader.selectors(TRAIL)).toEqual({ basic: [], advanced: [{ name: 'mgmt', fields: [{ field: 'eventCategory', equals: ['Management'] }] }] });
    expect(ct.commandCalls(DescribeTrailsCommand)[0]!.args[0].input).toEqual({ includeShadowTrails: true });
    expect(ct.commandCalls(GetTrailStatusCommand)[0]!.args[0].input).toEqual({ Name: TRAIL });
    expect(ct.commandCalls(GetEventSelectorsCommand)[0]!.args[0].input).toEqual({ TrailName: TRAIL });
  });
});

describe('SecurityHubReader', () => {
  const hub = mockClient(SecurityHubClient);
  afterAll(() => hub.restore());
  beforeEach(() => hub.reset());
  const reader = () => new SecurityHubReader(new SecurityHubClient({ region: 'us-east-1' }));

  it('hub(): enabled with its ARN, or not enabled with the service’s reason', async () => {
    hub.on(DescribeHubCommand).resolvesOnce({ HubArn: 'arn:aws:securityhub:us-east-1:1:hub/default', SubscribedAt: '2025-01-01T00:00:00Z' }).rejectsOnce(err('InvalidAccessException', 'Account 1 is not subscribed to AWS Security Hub'));
    expect(await reader().hub()).toEqual({ enabled: true, hubArn: 'arn:aws:securityhub:us-east-1:1:hub/default', subscribedAt: '2025-01-01T00:00:00Z' });
    expect(await reader().hub()).toEqual({ enabled: false, reason: 'Account 1 is not subscribed to AWS Security Hub' });
  });

  it('probeImport(): an accepted or validation-refused empty batch proves the permission; denial throws', async () => {
    hub
      .on(BatchImportFindingsCommand)
      .resolvesOnce({ SuccessCount: 0, FailedCount: 0, FailedFindings: [] })
      .rejectsOnce(err('InvalidInputException', 'Findings must contain at least 1 item'))
      .rejectsOnce(err('AccessDeniedException', 'not authorized'));
    expect(await reader().probeImport()).toEqual({ authorized: true, answer: 'accepted an empty batch (SuccessCount 0, FailedCount 0)' });
    expect(await reader().probeImport()).toEqual({ authorized: true, answer: 'authorized; the empty batch was refused as InvalidInputException, as expected' });
    await expect(reader().probeImport()).rejects.toMatchObject({ action: 'securityhub:BatchImportFindings', failure: 'access-denied' });
    expect(hub.commandCalls(BatchImportFindingsCommand).map((c) => c.args[0].input)).toEqual([{ Findings: [] }, { Findings: [] }, { Findings: [] }]);
  });
});
