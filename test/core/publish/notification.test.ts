/**
 * The SNS notification of a finding (lambdas/core/publish/notification.ts): subject, plain-text
 * body for on-call and filterable attributes, for a new, an escalated and an unsuppressed finding.
 */
import { buildNotification, notificationBytes } from '../../../lambdas/core/publish/notification';
import { securityHubFindingUrl } from '../../../lambdas/core/publish/notification-links';
import { CTX, criticalEksFinding, lowDockerdFinding } from './fixtures';

const URL_CRITICAL =
  'https://us-east-1.console.aws.amazon.com/securityhub/home?region=us-east-1#/findings?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253Aan1261%252F4b1c9a0e5d2f7a8b3c6d9e0f1a2b3c4d';

describe('Function: buildNotification', () => {
  describe('a new CRITICAL chain', () => {
    const n = buildNotification({ finding: criticalEksFinding() }, 'new', CTX);

    it('has the subject on-call reads first, in printable ASCII under 100 characters', () => {
      expect(n.subject).toBe('[CRITICAL] AN1261 image built on host i-0abc12345def67890 pushed and deployed (prod/payments-api)');
      expect(n.subject).toMatch(/^[\x20-\x7e]{1,99}$/);
    });

    it('carries the filter attributes severity, cluster, account and namespace', () => {
      expect(n.attributes).toEqual({ severity: 'CRITICAL', cluster: 'prod-eks', account: '111122223333', namespace: 'prod' });
      expect(n).toMatchObject({ findingId: '4b1c9a0e5d2f7a8b3c6d9e0f1a2b3c4d', version: 3 });
    });

    it('says what happened, with the chain and its places', () => {
      const lines = n.message.split('\n');
      expect(lines.slice(0, 2)).toEqual([
        'CRITICAL: AN1261 image built on host i-0abc12345def67890 pushed and deployed, with untrusted egress (prod/payments-api)',
        'New finding.',
      ]);
      expect(n.message).toContain(
        [
          'WHAT HAPPENED',
          '  Severity     CRITICAL (chain CRITICAL)',
          '  Chain        build -> egress -> push -> deploy',
          '  Host         i-0abc12345def67890, ip-10-0-1-23.ec2.internal',
          '  Host IPs     10.0.1.23',
          '  Pods         ci/kaniko-build-7f9c',
          '  Image        111122223333.dkr.ecr.us-east-1.amazonaws.com/payments-api:1.4.2',
          '  Pushed to    111122223333.dkr.ecr.us-east-1.amazonaws.com',
          '  Deployed     prod/payments-api in cluster prod-eks',
          '  Actors       arn:aws:iam::111122223333:role/eks-node, system:serviceaccount:ci:kaniko',
          '  Account      111122223333 (us-east-1)',
          '  First seen   2025-03-04T10:11:00.000Z',
          '  Last seen    2025-03-04T10:20:00.000Z',
        ].join('\n'),
      );
    });

    it('lists the evidence timeline in order with its source records', () => {
      expect(n.message).toContain(
        [
          'EVIDENCE TIMELINE (4 entries, UTC)',
          '  2025-03-04T10:11:00.000Z  egress  10.0.1.23 → 203.0.113.50:4444/tcp, 52000 bytes  [vpc-flow/vpc-untrusted-egress]',
          '      source record: eni-0a1b2c3d:1',
          '  2025-03-04T10:12:00.000Z  build   kaniko pod ci/kaniko-build-7f9c created by system:serviceaccount:ci:kaniko  [eks-audit/k8s-builder-pod]',
          '      source record: audit-1',
        ].join('\n'),
      );
      expect(n.message).toContain('  10.0.1.23 -> 203.0.113.50:4444/TCP  52000 bytes  2025-03-04T10:11:00.000Z .. 2025-03-04T10:14:00.000Z  non-standard port');
    });

    it('says which allowlists were checked and why none matched', () => {
      expect(n.message).toContain(
        [
          'ALLOWLISTS CHECKED (none matched)',
          '  approvedBuilders.kubernetesUsers (2 entries) for system:serviceaccount:ci:kaniko: none of 2 entries matches',
          '  registryAllowList (0 entries) for 111122223333.dkr.ecr.us-east-1.amazonaws.com/payments-api: the list is empty',
        ].join('\n'),
      );
    });

    it('says what to do first, deployment before host before credentials', () => {
      const todo = n.message.slice(n.message.indexOf('WHAT TO DO FIRST'), n.message.indexOf('LINKS'));
      expect(todo.split('\n').map((l) => l.slice(0, 30))).toEqual([
        'WHAT TO DO FIRST',
        '  1. Contain the deployment: s',
        '  2. Isolate host i-0abc12345d',
        '  3. Revoke or rotate the cred',
        '  4. Quarantine the image 1111',
        '  5. Check the untrusted desti',
        '  If the build was expected: a',
        '',
        '',
      ]);
    });

    it('links the Security Hub finding and ATT&CK T1612', () => {
      expect(n.message).toContain(`  Security Hub finding: ${URL_CRITICAL}\n  MITRE ATT&CK T1612:   https://attack.mitre.org/techniques/T1612/\n`);
      expect(n.message.endsWith('Finding an1261/4b1c9a0e5d2f7a8b3c6d9e0f1a2b3c4d, version 3, updated 2025-03-04T10:21:00.000Z. Sent by an1261-detector.\n')).toBe(true);
    });
  });

  it('says how fast the image went live after its push, and nothing for an insane value from the queue', () => {
    const body = (pushToDeploySeconds: unknown) => buildNotification({ finding: { ...criticalEksFinding(), pushToDeploySeconds } as never }, 'new', CTX).message;
    expect(body(250)).toMatch(/^ {2}Went live +4 min 10 s after the push$/m);
    expect(body(7300)).toMatch(/^ {2}Went live +2 h 1 min after the push$/m);
    for (const bad of [-5, Number.NaN, 1e12, '60']) expect(body(bad)).not.toContain('Went live');
  });

  it('marks an escalation in the subject and the first lines', () => {
    const n = buildNotification({ finding: criticalEksFinding(), previousSeverity: 'HIGH' }, 'escalated', CTX);
    expect(n.subject).toBe('[CRITICAL, was HIGH] AN1261 built on i-0abc12345def67890, pushed, deployed (prod/payments-api)');
    expect(n.message.split('\n')[1]).toBe('Severity raised from HIGH to CRITICAL (finding version 3).');
  });

  it('says when a suppression lapsed', () => {
    const n = buildNotification({ finding: criticalEksFinding(), previousSeverity: 'CRITICAL', previouslySuppressed: true }, 'unsuppressed', CTX);
    expect(n.subject).toBe('[CRITICAL, unsuppressed] AN1261 built on i-0abc12345def67890, pushed, deployed (prod/payments-api)');
    expect(n.message.split('\n')[1]).toBe('The suppression that covered this finding no longer applies (finding version 3).');
  });

  it('leaves out empty attributes and says when Security Hub is off', () => {
    const n = buildNotification({ finding: lowDockerdFinding() }, 'new', { account: '444455556666', region: 'eu-west-1', securityHub: false });
    expect(n.subject).toBe('[LOW] AN1261 image built on host build-01');
    expect(n.attributes).toEqual({ severity: 'LOW', account: '444455556666' });
    expect(n.message).toContain('  Account      444455556666 (eu-west-1)');
    expect(n.message).toContain('  Security Hub finding: not imported (Security Hub publishing is off)');
    expect(n.message).not.toMatch(/Deployed|Pushed to|UNTRUSTED EGRESS|Contain the deployment|Quarantine the image/);
    expect(notificationBytes(n)).toBeLessThan(4_000);
  });
});

describe('Function: securityHubFindingUrl', () => {
  it.each([
    ['us-east-1', URL_CRITICAL.split('#')[0]],
    ['cn-north-1', 'https://console.amazonaws.cn/securityhub/home?region=cn-north-1'],
    ['us-gov-west-1', 'https://console.amazonaws-us-gov.com/securityhub/home?region=us-gov-west-1'],
  ])('uses the console of the partition of %s', (region, base) => {
    expect(securityHubFindingUrl('an1261/4b1c9a0e5d2f7a8b3c6d9e0f1a2b3c4d', region).split('#')[0]).toBe(base);
  });
});
