/**
 * `an1261 doctor`, ECR pushes and EC2 launches: a trail recording write management events (PutImage,
 * RunInstances), the newest PutImage, and the aws.ecr / aws.ec2 EventBridge rules of the ecr-events Lambda.
 */
import { ruleEventKinds } from '../../lambdas/cli/doctor/ecr-rule-checks';
import { recordsManagementEvent } from '../../lambdas/cli/doctor/trail-selectors';
import { type AccountMocks, type AccountScenario, ACCOUNT, SAMPLE_CONFIG, healthyAccount, mockAccount, row, runDoctorOn } from './doctor-mocks';

const PUT_IMAGE = { eventSource: 'ecr.amazonaws.com', eventName: 'PutImage' };
const RUN_INSTANCES = { eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances' };

describe('trail selectors: is ECR PutImage recorded?', () => {
  it('default selectors and basic All/WriteOnly management selectors record it', () => {
    expect(recordsManagementEvent({ basic: [], advanced: [] }, PUT_IMAGE)).toEqual({ records: true, why: 'default selectors (all management events)' });
    expect(recordsManagementEvent({ basic: [{ readWriteType: 'WriteOnly', includeManagementEvents: true }], advanced: [] }, PUT_IMAGE).records).toBe(true);
  });

  it('read-only, data-only, or ECR-excluding selectors do not', () => {
    expect(recordsManagementEvent({ basic: [{ readWriteType: 'ReadOnly', includeManagementEvents: true }], advanced: [] }, PUT_IMAGE).records).toBe(false);
    expect(recordsManagementEvent({ basic: [{ readWriteType: 'All', includeManagementEvents: false }], advanced: [] }, PUT_IMAGE).records).toBe(false);
    expect(recordsManagementEvent({ basic: [{ readWriteType: 'All', excludeManagementEventSources: ['ecr.amazonaws.com'] }], advanced: [] }, PUT_IMAGE).records).toBe(false);
  });

  it('advanced selectors: management category, readOnly, eventSource and eventName conditions apply', () => {
    const mgmt = { field: 'eventCategory', equals: ['Management'] };
    const adv = (...fields: { field: string; equals?: string[]; notEquals?: string[]; startsWith?: string[] }[]) => ({ basic: [], advanced: [{ name: 'sel', fields: [mgmt, ...fields] }] });
    expect(recordsManagementEvent(adv(), PUT_IMAGE)).toEqual({ records: true, why: 'advanced selector "sel": management events' });
    expect(recordsManagementEvent(adv({ field: 'readOnly', equals: ['true'] }), PUT_IMAGE).records).toBe(false);
    expect(recordsManagementEvent(adv({ field: 'eventSource', notEquals: ['ecr.amazonaws.com'] }), PUT_IMAGE).records).toBe(false);
    expect(recordsManagementEvent(adv({ field: 'eventSource', startsWith: ['ecr.'] }), PUT_IMAGE).records).toBe(true);
    expect(recordsManagementEvent(adv({ field: 'userIdentity.arn', notEquals: ['x'] }), PUT_IMAGE).why).toBe('advanced selector "sel": management events (also filtered on userIdentity.arn)');
    expect(recordsManagementEvent({ basic: [], advanced: [{ name: 'data', fields: [{ field: 'eventCategory', equals: ['Data'] }] }] }, PUT_IMAGE).records).toBe(false);
  });

  it('EC2 RunInstances is a write management event of ec2.amazonaws.com: judged on its own', () => {
    const mgmt = { field: 'eventCategory', equals: ['Management'] };
    const adv = (...fields: { field: string; equals?: string[]; notEquals?: string[]; startsWith?: string[] }[]) => ({ basic: [], advanced: [{ name: 'sel', fields: [mgmt, ...fields] }] });
    expect(recordsManagementEvent({ basic: [], advanced: [] }, RUN_INSTANCES).records).toBe(true);
    expect(recordsManagementEvent({ basic: [{ readWriteType: 'WriteOnly', includeManagementEvents: true }], advanced: [] }, RUN_INSTANCES).records).toBe(true);
    expect(recordsManagementEvent({ basic: [{ readWriteType: 'ReadOnly', includeManagementEvents: true }], advanced: [] }, RUN_INSTANCES).records).toBe(false);
    // A selector that keeps ECR but leaves EC2 out records one and not the other.
    const ecrOnly = adv({ field: 'eventSource', equals: ['ecr.amazonaws.com'] });
    expect(recordsManagementEvent(ecrOnly, PUT_IMAGE).records).toBe(true);
    expect(recordsManagementEvent(ecrOnly, RUN_INSTANCES)).toEqual({ records: false, why: 'its selectors leave out write management events from ec2.amazonaws.com' });
    expect(recordsManagementEvent(adv({ field: 'eventSource', notEquals: ['ec2.amazonaws.com'] }), RUN_INSTANCES).records).toBe(false);
    expect(recordsManagementEvent(adv({ field: 'eventName', equals: ['RunInstances', 'PutImage'] }), RUN_INSTANCES).records).toBe(true);
    expect(recordsManagementEvent(adv({ field: 'eventName', equals: ['PutImage'] }), RUN_INSTANCES).records).toBe(false);
    expect(recordsManagementEvent({ basic: [{ readWriteType: 'All', excludeManagementEventSources: ['ec2.amazonaws.com'] }], advanced: [] }, RUN_INSTANCES).records).toBe(false);
  });
});

describe('ecrEventKinds: which pushes a rule pattern lets through', () => {
  it('reads source, detail-type and detail conditions, with prefix matchers', () => {
    expect(ruleEventKinds(JSON.stringify({ source: ['aws.ecr'] }))).toEqual(['image-action', 'put-image', 'image-scan']);
    expect(ruleEventKinds(JSON.stringify({ source: ['aws.ecr', 'aws.inspector2'], 'detail-type': ['ECR Image Scan', 'Inspector2 Scan'], detail: { 'repository-name': [{ exists: true }] } }))).toEqual(['image-scan']);
    expect(ruleEventKinds(JSON.stringify({ source: ['aws.ecr'], 'detail-type': ['ECR Image Action'], detail: { 'action-type': ['DELETE'] } }))).toEqual([]);
    expect(ruleEventKinds(JSON.stringify({ source: [{ prefix: 'aws.' }], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventName: ['PutImage', 'BatchDeleteImage'] } }))).toEqual(['put-image']);
    expect(ruleEventKinds(JSON.stringify({ source: ['aws.ec2'] }))).toEqual(['run-instances']);
    expect(ruleEventKinds(JSON.stringify({ source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] }))).toEqual([]);
    expect(ruleEventKinds(JSON.stringify({ source: ['aws.s3'] }))).toEqual([]);
    expect(ruleEventKinds('not json')).toEqual([]);
  });

  it('RunInstances: source aws.ec2, eventSource ec2.amazonaws.com, and successful calls (no errorCode) let through', () => {
    const runInstances = (detail: Record<string, unknown>, source: unknown = ['aws.ec2']) => ruleEventKinds(JSON.stringify({ source, 'detail-type': ['AWS API Call via CloudTrail'], detail }));
    expect(runInstances({ eventSource: ['ec2.amazonaws.com'], eventName: ['RunInstances'], errorCode: [{ exists: false }] })).toEqual(['run-instances']);
    expect(runInstances({ eventName: ['RunInstances', 'TerminateInstances'] })).toEqual(['run-instances']);
    expect(runInstances({ eventSource: ['ec2.amazonaws.com'], eventName: ['RunInstances'] }, ['aws.ecr'])).toEqual([]);
    expect(runInstances({ eventSource: ['ec2.amazonaws.com'], eventName: ['TerminateInstances'] })).toEqual([]);
    // Only refused launches, or only calls with some error: nothing launched gets through.
    expect(runInstances({ eventName: ['RunInstances'], errorCode: ['Client.UnauthorizedOperation'] })).toEqual([]);
    expect(runInstances({ eventName: ['RunInstances'], errorCode: [{ exists: true }] })).toEqual([]);
    // One rule for both CloudTrail calls.
    expect(runInstances({ eventName: ['PutImage', 'RunInstances'] }, ['aws.ecr', 'aws.ec2'])).toEqual(['put-image', 'run-instances']);
    expect(ruleEventKinds(undefined)).toEqual([]);
  });
});

describe('an1261 doctor: CloudTrail and ECR', () => {
  let mocks: AccountMocks;
  let scenario: AccountScenario;
  const trail = () => scenario.trails[0]!;
  beforeAll(() => (mocks = mockAccount(() => scenario)));
  afterAll(() => mocks.restore());
  beforeEach(() => {
    scenario = healthyAccount();
    mocks.reset();
  });

  describe('trail', () => {
    it('PASS names the trail and why it records PutImage and RunInstances', async () => {
      expect(row(await runDoctorOn(), 'cloudtrail.management-events').evidence).toBe('org-trail (multi-Region, logging): event selector: management events, All; records ECR PutImage and EC2 RunInstances');
    });

    it('WARN, not FAIL, when the trails record PutImage but leave EC2 RunInstances out: hosts still resolve through flow logs, later', async () => {
      trail().selectors = { AdvancedEventSelectors: [{ Name: 'ECR only', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'eventSource', Equals: ['ecr.amazonaws.com'] }] }] };
      const r = row(await runDoctorOn(), 'cloudtrail.management-events');
      expect(r.status).toBe('WARN');
      expect(r.evidence).toBe(
        'org-trail (multi-Region, logging): advanced selector "ECR only": management events; records ECR PutImage, but no trail records EC2 RunInstances ' +
          '(org-trail (multi-Region, logging): its selectors leave out write management events from ec2.amazonaws.com): ' +
          'launched instances’ private IPs are learnt from their flow logs only, minutes after launch',
      );
      expect(r.fix).toBe(
        `let org-trail record write management events from ec2.amazonaws.com: \`aws cloudtrail get-event-selectors --region us-east-1 --trail-name arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail\`, ` +
          `remove the condition that leaves ec2.amazonaws.com out, and write the selectors back with \`aws cloudtrail put-event-selectors --region us-east-1 --trail-name arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail --advanced-event-selectors '<the edited selectors>'\``,
      );
    });

    it('PASS when one trail records PutImage and another RunInstances, naming both', async () => {
      trail().selectors = { AdvancedEventSelectors: [{ Name: 'ECR only', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'eventSource', Equals: ['ecr.amazonaws.com'] }] }] };
      scenario.trails.push({ Name: 'ec2-trail', TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/ec2-trail`, HomeRegion: 'us-east-1', IsMultiRegionTrail: false, logging: true, selectors: { EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] } });
      const r = row(await runDoctorOn(), 'cloudtrail.management-events');
      expect(r).toMatchObject({
        status: 'PASS',
        evidence: 'org-trail (multi-Region, logging): advanced selector "ECR only": management events; records ECR PutImage; ec2-trail (single-Region (us-east-1), logging): event selector: management events, WriteOnly; records EC2 RunInstances',
      });
    });

    it('still FAIL when a trail records RunInstances but none records PutImage', async () => {
      trail().selectors = { AdvancedEventSelectors: [{ Name: 'EC2 only', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'eventSource', Equals: ['ec2.amazonaws.com'] }] }] };
      const r = row(await runDoctorOn(), 'cloudtrail.management-events');
      expect(r).toMatchObject({ status: 'FAIL', evidence: 'no trail records ECR PutImage: org-trail (multi-Region, logging): its selectors leave out write management events from ecr.amazonaws.com' });
    });

    it('FAIL with create-trail when no trail applies to the region (a single-Region trail elsewhere does not)', async () => {
      trail().IsMultiRegionTrail = false;
      trail().HomeRegion = 'eu-west-1';
      const r = row(await runDoctorOn(), 'cloudtrail.management-events');
      expect(r.status).toBe('FAIL');
      expect(r.fix).toBe('aws cloudtrail create-trail --region us-east-1 --name an1261-management --is-multi-region-trail --s3-bucket-name <bucket with the CloudTrail bucket policy> && aws cloudtrail start-logging --region us-east-1 --name an1261-management');
    });

    it('FAIL with start-logging when the trail is stopped', async () => {
      trail().logging = false;
      const r = row(await runDoctorOn(), 'cloudtrail.management-events');
      expect(r).toMatchObject({ status: 'FAIL', evidence: 'no trail records ECR PutImage (nor EC2 RunInstances): org-trail (multi-Region) is not logging', fix: `aws cloudtrail start-logging --region us-east-1 --name arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail` });
    });

    it('FAIL with put-event-selectors when the trail records only reads', async () => {
      trail().selectors = { EventSelectors: [{ ReadWriteType: 'ReadOnly', IncludeManagementEvents: true }] };
      const r = row(await runDoctorOn(), 'cloudtrail.management-events');
      expect(r.status).toBe('FAIL');
      expect(r.evidence).toBe('no trail records ECR PutImage (nor EC2 RunInstances): org-trail (multi-Region, logging): its selectors leave out write management events from ecr.amazonaws.com');
      expect(r.fix).toMatch(/^record write management events on a trail: aws cloudtrail put-event-selectors --region us-east-1 --trail-name arn:aws:cloudtrail:/);
    });

    it('PASS with advanced event selectors for management events', async () => {
      trail().selectors = { AdvancedEventSelectors: [{ Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] };
      expect(row(await runDoctorOn(), 'cloudtrail.management-events').status).toBe('PASS');
    });

    it('FAIL naming cloudtrail:GetEventSelectors when it is denied', async () => {
      scenario.denied.add('cloudtrail:GetEventSelectors');
      const r = row(await runDoctorOn(), 'cloudtrail.management-events');
      expect(r).toMatchObject({ status: 'FAIL', evidence: 'missing IAM permission cloudtrail:GetEventSelectors (AccessDeniedException): the check could not run', fix: 'allow cloudtrail:GetEventSelectors for the caller (docs/doctor.md lists the whole read-only policy)' });
    });
  });

  describe('push recency', () => {
    it('WARN when no ECR PutImage is in the event history (PutImage of ECR Public does not count)', async () => {
      scenario.putImages = [{ EventName: 'PutImage', EventSource: 'ecr-public.amazonaws.com', EventTime: new Date('2026-11-01T00:00:00Z') }];
      expect(row(await runDoctorOn(), 'ecr.recency')).toMatchObject({ status: 'WARN', evidence: 'no ECR PutImage in the CloudTrail event history of us-east-1 (90 days): either no image was pushed here, or pushes are not recorded' });
    });
  });

  describe('EventBridge rules', () => {
    it('PASS for each push kind, matched by pattern content', async () => {
      const report = await runDoctorOn();
      expect(row(report, 'ecr-events.image-action').evidence).toBe('"ECR Image Action" PUSH → An1261Detector-EcrPush-9Z8Y (ENABLED, targets: arn:aws:lambda:us-east-1:111122223333:function:An1261Detector-EcrEventsFn-4D5E)');
      expect(row(report, 'ecr-events.put-image').status).toBe('PASS');
    });

    it('PASS for a rule named anything, noting it may not be the product’s', async () => {
      scenario.rules = [{ Name: 'SecOps-Rule-1', State: 'ENABLED', EventPattern: JSON.stringify({ source: ['aws.ecr'] }), targets: ['arn:aws:lambda:us-east-1:111122223333:function:secops'] }];
      const r = row(await runDoctorOn(), 'ecr-events.image-action');
      expect(r.status).toBe('PASS');
      expect(r.evidence).toContain('(no rule name or target contains "an1261": check it is the product\'s)');
    });

    it('WARN when the product is not deployed (no aws.ecr rule)', async () => {
      scenario.rules = scenario.rules.slice(0, 1);
      const report = await runDoctorOn();
      expect(row(report, 'ecr-events.image-action')).toMatchObject({ status: 'WARN', fix: '`npx cdk deploy` creates the rule; pushes are then read from EventBridge' });
      expect(row(report, 'ecr-events.put-image').status).toBe('WARN');
      expect(row(report, 'ecr-events.run-instances').status).toBe('WARN');
    });

    it('RunInstances: PASS names the aws.ec2 rule; WARN (never FAIL) without it, with what is lost and the fix', async () => {
      expect(row(await runDoctorOn(), 'ecr-events.run-instances').evidence).toBe(
        'CloudTrail RunInstances ("AWS API Call via CloudTrail") → An1261Detector-RunInstances-5V4U (ENABLED, targets: arn:aws:lambda:us-east-1:111122223333:function:An1261Detector-EcrEventsFn-4D5E)',
      );
      // A stack deployed before the rule existed: the ECR rules pass, RunInstances does not.
      scenario.rules = scenario.rules.filter((r) => r.Name !== 'An1261Detector-RunInstances-5V4U');
      const report = await runDoctorOn();
      expect(row(report, 'ecr-events.put-image').status).toBe('PASS');
      expect(row(report, 'ecr-events.run-instances')).toEqual({
        id: 'ecr-events.run-instances',
        subject: 'default event bus',
        status: 'WARN',
        evidence:
          'no rule with source aws.ec2 lets CloudTrail RunInstances ("AWS API Call via CloudTrail") through: launched instances’ private IPs are learnt only from their flow logs, minutes after launch, ' +
          'so a CI runner named by instance id can be judged against approvedBuilders.hosts before its IP is known (the product is not deployed in us-east-1, or its stack predates the RunInstances rule)',
        fix: '`npx cdk deploy` creates the rule; each launched instance’s private IPs are then read from EventBridge at launch',
      });
      expect(report.exitCode).toBe(1);
    });

    it('RunInstances: WARN when the rule is disabled, or lets only failed launches through', async () => {
      const rule = scenario.rules.find((r) => r.Name === 'An1261Detector-RunInstances-5V4U')!;
      rule.State = 'DISABLED';
      expect(row(await runDoctorOn(), 'ecr-events.run-instances')).toMatchObject({ status: 'WARN', fix: 'aws events enable-rule --region us-east-1 --name An1261Detector-RunInstances-5V4U' });
      rule.State = 'ENABLED';
      rule.EventPattern = JSON.stringify({ source: ['aws.ec2'], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventName: ['RunInstances'], errorCode: [{ exists: true }] } });
      expect(row(await runDoctorOn(), 'ecr-events.run-instances').status).toBe('WARN');
    });

    it('WARN with enable-rule when the product’s rule is disabled', async () => {
      scenario.rules[1]!.State = 'DISABLED';
      expect(row(await runDoctorOn(), 'ecr-events.image-action')).toMatchObject({ status: 'WARN', fix: 'aws events enable-rule --region us-east-1 --name An1261Detector-EcrPush-9Z8Y' });
    });

    it('checks the scan-results rule only when requireScanBeforeDeploy is on', async () => {
      expect((await runDoctorOn()).checks.map((c) => c.id)).not.toContain('ecr-events.image-scan');
      const required = { ...SAMPLE_CONFIG, requireScanBeforeDeploy: true };
      expect(row(await runDoctorOn({ config: required }), 'ecr-events.image-scan')).toMatchObject({ status: 'WARN', fix: '`npx cdk deploy` creates the rule; scan results are then read from EventBridge' });
      scenario.rules.push({ Name: 'An1261Detector-EcrScanRule-1A2B', State: 'ENABLED', EventPattern: JSON.stringify({ source: ['aws.ecr', 'aws.inspector2'], 'detail-type': ['ECR Image Scan', 'Inspector2 Scan'] }), targets: ['arn:aws:lambda:us-east-1:111122223333:function:An1261Detector-EcrEventsFn-4D5E'] });
      expect(row(await runDoctorOn({ config: required }), 'ecr-events.image-scan').status).toBe('PASS');
    });

    it('WARN when the rule has no target', async () => {
      scenario.rules[2]!.targets = [];
      expect(row(await runDoctorOn(), 'ecr-events.put-image').evidence).toBe('rule An1261Detector-PutImage-7X6W (ENABLED, targets: none) has no target: CloudTrail PutImage ("AWS API Call via CloudTrail") events go nowhere');
    });
  });
});
