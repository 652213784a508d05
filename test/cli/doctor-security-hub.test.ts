/** `an1261 doctor`, Security Hub: enabled in the region, and the caller may import into the account's default product. */
import { type AccountMocks, type AccountScenario, healthyAccount, mockAccount, row, rows, runDoctorOn } from './doctor-mocks';

const PRODUCT = 'arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default';

describe('an1261 doctor: Security Hub', () => {
  let mocks: AccountMocks;
  let scenario: AccountScenario;
  beforeAll(() => (mocks = mockAccount(() => scenario)));
  afterAll(() => mocks.restore());
  beforeEach(() => {
    scenario = healthyAccount();
    mocks.reset();
  });

  it('PASS: hub enabled, and an empty BatchImportFindings is authorized', async () => {
    const report = await runDoctorOn();
    expect(row(report, 'security-hub.enabled').evidence).toBe('hub arn:aws:securityhub:us-east-1:111122223333:hub/default enabled since 2025-03-01T10:00:00.000Z');
    expect(row(report, 'security-hub.import', 'us-east-1').evidence).toBe(
      `securityhub:BatchImportFindings allowed for arn:aws:sts::111122223333:assumed-role/auditor/me into ${PRODUCT}: authorized; the empty batch was refused as InvalidInputException, as expected; nothing imported`,
    );
  });

  it('FAIL with enable-security-hub when the account is not subscribed; the import probe is skipped', async () => {
    scenario.hub = 'not-subscribed';
    const report = await runDoctorOn();
    expect(row(report, 'security-hub.enabled')).toEqual({
      id: 'security-hub.enabled',
      subject: 'us-east-1',
      status: 'FAIL',
      evidence: 'Security Hub is not enabled in us-east-1 (Account 111122223333 is not subscribed to AWS Security Hub): findings cannot be published there',
      fix: 'aws securityhub enable-security-hub --region us-east-1 --no-enable-default-standards (or deploy with SECURITY_HUB_ENABLED=false to use SNS only)',
    });
    expect(rows(report, 'security-hub.import')).toEqual([]);
  });

  it('FAIL naming securityhub:BatchImportFindings when the caller may not import', async () => {
    scenario.denied.add('securityhub:BatchImportFindings');
    expect(row(await runDoctorOn(), 'security-hub.import', 'us-east-1')).toEqual({
      id: 'security-hub.import',
      subject: 'us-east-1',
      status: 'FAIL',
      evidence: 'missing IAM permission securityhub:BatchImportFindings (AccessDeniedException): the check could not run',
      fix: 'allow securityhub:BatchImportFindings for the caller (docs/doctor.md lists the whole read-only policy)',
    });
  });

  it('FAIL naming securityhub:DescribeHub when that is denied', async () => {
    scenario.denied.add('securityhub:DescribeHub');
    expect(row(await runDoctorOn(), 'security-hub.enabled').evidence).toBe('missing IAM permission securityhub:DescribeHub (AccessDeniedException): the check could not run');
  });
});
