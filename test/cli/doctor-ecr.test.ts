/** `an1261 doctor`, ECR pushes: a trail recording write management events, the newest PutImage, and the aws.ecr EventBridge rules. */
import { ecrEventKinds } from '../../lambdas/cli/doctor/ecr-rule-checks';
import { recordsManagementEvent } from '../../lambdas/cli/doctor/trail-selectors';
import { type AccountMocks, type AccountScenario, ACCOUNT, SAMPLE_CONFIG, healthyAccount, mockAccount, row, runDoctorOn } from './doctor-mocks';

const PUT_IMAGE = { eventSource: 'ecr.amazonaws.com', eventName: 'PutImage' };

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
});

describe('ecrEventKinds: which pushes a rule pattern lets through', () => {
  it('reads source, detail-type and detail conditions, with prefix matchers', () => {
    expect(ecrEventKinds(JSON.stringify({ source: ['aws.ecr'] }))).toEqual(['image-action', 'put-image', 'image-scan']);
    expect(ecrEventKinds(JSON.stringify({ source: ['aws.ecr', 'aws.inspector2'], 'detail-type': ['ECR Image Scan', 'Inspector2 Scan'], detail: { 'repository-name': [{ exists: true }] } }))).toEqual(['image-scan']);
    expect(ecrEventKinds(JSON.stringify({ source: ['aws.ecr'], 'detail-type': ['ECR Image Action'], detail: { 'action-type': ['DELETE'] } }))).toEqual([]);
    expect(ecrEventKinds(JSON.stringify({ source: [{ prefix: 'aws.' }], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventName: ['PutImage', 'BatchDeleteImage'] } }))).toEqual(['put-image']);
    expect(ecrEventKinds(JSON.stringify({ source: ['aws.ec2'] }))).toEqual([]);
    expect(ecrEventKinds('not json')).toEqual([]);
    expect(ecrEventKinds(undefined)).toEqual([]);
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
    it('PASS names the trail and why it records PutImage', async () => {
      expect(row(await runDoctorOn(), 'cloudtrail.management-events').evidence).toBe('org-trail (multi-Region, logging): event selector: management events, All; records ECR PutImage');
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
      expect(r).toMatchObject({ status: 'FAIL', evidence: 'no trail records ECR PutImage: org-trail (multi-Region) is not logging', fix: `aws cloudtrail start-logging --region us-east-1 --name arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail` });
    });

    it('FAIL with put-event-selectors when the trail records only reads', async () => {
      trail().selectors = { EventSelectors: [{ ReadWriteType: 'ReadOnly', IncludeManagementEvents: true }] };
      const r = row(await runDoctorOn(), 'cloudtrail.management-events');
      expect(r.status).toBe('FAIL');
      expect(r.evidence).toBe('no trail records ECR PutImage: org-trail (multi-Region, logging): its selectors leave out write management events from ecr.amazonaws.com');
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
