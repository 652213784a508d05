/**
 * toAsff: how an AN1261 finding reads in Security Hub (ASFF 2018-10-08), field by field.
 */
import { ASFF_GENERATOR_ID, asffId, toAsff, validateAsff } from '../../../lambdas/core/publish/asff';
import { CTX, DIGEST, IMAGE, IMAGE_ARN, REGISTRY, criticalEksFinding, lowDockerdFinding, suppressedFinding } from './fixtures';

const T1612 = 'TTPs/Defense Evasion/T1612-Build Image on Host';

describe('toAsff', () => {
  describe('a CRITICAL EKS chain (builder pod, egress, ECR push, deploy)', () => {
    const asff = toAsff(criticalEksFinding(), CTX);

    it('is valid for BatchImportFindings', () => {
      expect(validateAsff(asff)).toEqual([]);
    });

    it('sets the required attributes for the default product of the importing account', () => {
      expect(asff).toMatchObject({
        SchemaVersion: '2018-10-08',
        Id: 'an1261/4b1c9a0e5d2f7a8b3c6d9e0f1a2b3c4d',
        ProductArn: 'arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default',
        GeneratorId: 'an1261-detector/AN1261',
        AwsAccountId: '111122223333',
        Region: 'us-east-1',
        CreatedAt: '2025-03-04T10:15:30.000Z',
        UpdatedAt: '2025-03-04T10:21:00.000Z',
        FirstObservedAt: '2025-03-04T10:11:00.000Z',
        LastObservedAt: '2025-03-04T10:20:00.000Z',
        Title: 'AN1261 image built on host i-0abc12345def67890 pushed and deployed, with untrusted egress (prod/payments-api)',
        RecordState: 'ACTIVE',
        Workflow: { Status: 'NEW' },
      });
    });

    it('puts Severity and Types in FindingProviderFields and, identical, at the top level', () => {
      const types = [T1612, 'Unusual Behaviors/Container', 'Unusual Behaviors/Network Flow'];
      expect(asff.FindingProviderFields).toEqual({ Severity: { Label: 'CRITICAL', Original: 'CRITICAL' }, Types: types });
      expect(asff.Severity).toEqual({ Label: 'CRITICAL', Original: 'CRITICAL' });
      expect(asff.Types).toEqual(types);
    });

    it('lists the ECR image, the EKS cluster, the deployed workload, the instance and the builder pod', () => {
      expect(asff.Resources).toEqual([
        {
          Type: 'AwsEcrContainerImage',
          Id: IMAGE_ARN,
          Partition: 'aws',
          Region: 'us-east-1',
          Details: {
            AwsEcrContainerImage: { RegistryId: '111122223333', RepositoryName: 'payments-api', ImageDigest: DIGEST, ImageTags: ['1.4.2'], ImagePublishedAt: '2025-03-04T10:16:00.000Z' },
          },
        },
        {
          Type: 'AwsEksCluster',
          Id: 'arn:aws:eks:us-east-1:111122223333:cluster/prod-eks',
          Partition: 'aws',
          Region: 'us-east-1',
          Details: { AwsEksCluster: { Name: 'prod-eks', Arn: 'arn:aws:eks:us-east-1:111122223333:cluster/prod-eks' } },
        },
        { Type: 'Container', Id: 'prod-eks/prod/payments-api', Partition: 'aws', Region: 'us-east-1', Details: { Container: { Name: 'payments-api', ImageName: IMAGE } } },
        {
          Type: 'AwsEc2Instance',
          Id: 'arn:aws:ec2:us-east-1:111122223333:instance/i-0abc12345def67890',
          Partition: 'aws',
          Region: 'us-east-1',
          Details: { AwsEc2Instance: { IpV4Addresses: ['10.0.1.23'] } },
        },
        { Type: 'Container', Id: 'prod-eks/ci/kaniko-build-7f9c', Partition: 'aws', Region: 'us-east-1', Details: { Container: { Name: 'kaniko-build-7f9c' } } },
      ]);
    });

    it('describes the earliest untrusted egress in Network and Action, with numbers as numbers', () => {
      expect(asff.Network).toEqual({ Direction: 'OUT', Protocol: 'TCP', SourceIpV4: '10.0.1.23', DestinationIpV4: '203.0.113.50', DestinationPort: 4444 });
      expect(asff.Action).toEqual({
        ActionType: 'NETWORK_CONNECTION',
        NetworkConnectionAction: { ConnectionDirection: 'OUT', Blocked: false, Protocol: 'TCP', RemoteIpDetails: { IpAddressV4: '203.0.113.50' }, RemotePortDetails: { Port: 4444 } },
      });
    });

    it('summarizes the chain, its stages and the first timeline entries in the Description', () => {
      expect(asff.Description).toMatch(/^A container image \(111122223333\.dkr\.ecr\.us-east-1\.amazonaws\.com\/payments-api:1\.4\.2\) was built on i-0abc12345def67890/);
      expect(asff.Description).toContain('Stages: build → egress → push → deploy.');
      expect(asff.Description).toContain('Timeline: 2025-03-04T10:11:00.000Z egress: 10.0.1.23 → 203.0.113.50:4444/tcp, 52000 bytes; 2025-03-04T10:12:00.000Z build: kaniko pod');
      expect(asff.Description.length).toBeLessThanOrEqual(1024);
    });

    it('explains the allowlists checked in the Note', () => {
      expect(asff.Note).toEqual({
        Text:
          'Allowlists checked: approvedBuilders.kubernetesUsers (2 entries) for system:serviceaccount:ci:kaniko: none of 2 entries matches; ' +
          `registryAllowList (0 entries) for ${REGISTRY}/payments-api: the list is empty.`,
        UpdatedBy: 'an1261-detector',
        UpdatedAt: '2025-03-04T10:21:00.000Z',
      });
    });

    it('keeps solution facts in ProductFields, never under the reserved aws/ prefix', () => {
      expect(asff.ProductFields).toMatchObject({
        ProviderName: 'an1261-detector',
        'an1261/findingId': '4b1c9a0e5d2f7a8b3c6d9e0f1a2b3c4d',
        'an1261/version': '3',
        'an1261/stages': 'build,egress,push,deploy',
        'an1261/rules': 'vpc-untrusted-egress,k8s-builder-pod,ecr-image-push,k8s-workload-deploy',
        'an1261/egress': '198.51.100.7:443/TCP, 203.0.113.50:4444/TCP',
        'an1261/timelineEntries': '4',
      });
      expect(Object.keys(asff.ProductFields!).filter((k) => k.startsWith('aws/'))).toEqual([]);
      expect(Object.values(asff.ProductFields!).every((v) => typeof v === 'string')).toBe(true);
    });

    it('links the MITRE technique as remediation', () => {
      expect(asff.Remediation?.Recommendation.Url).toBe('https://attack.mitre.org/techniques/T1612/');
      expect(asff.Remediation?.Recommendation.Text?.length).toBeLessThanOrEqual(512);
    });
  });

  describe('a LOW dockerd-only build on a named host, without account', () => {
    const asff = toAsff(lowDockerdFinding(), CTX);

    it('is valid, in the importing account, with only the two AN1261 types', () => {
      expect(validateAsff(asff)).toEqual([]);
      expect(asff.AwsAccountId).toBe('111122223333');
      expect(asff.FindingProviderFields).toEqual({ Severity: { Label: 'LOW', Original: 'LOW' }, Types: [T1612, 'Unusual Behaviors/Container'] });
      expect(asff.Title).toBe('AN1261 image built on host build-01');
    });

    it('names a Docker Hub image and a host without instance id as Other resources', () => {
      expect(asff.Resources).toEqual([
        { Type: 'Other', Id: 'docker.io/acme/tool:dev', Partition: 'aws', Region: 'us-east-1', Details: { Other: { registry: 'docker.io', repository: 'acme/tool', tag: 'dev' } } },
        { Type: 'Other', Id: 'build-01', Partition: 'aws', Region: 'us-east-1', Details: { Other: { hostname: 'build-01' } } },
      ]);
    });

    it('has no Network or Action without egress', () => {
      expect(asff.Network).toBeUndefined();
      expect(asff.Action).toBeUndefined();
      expect(asff.ProductFields?.['an1261/egressDestinations']).toBe('0');
    });
  });

  describe('a suppressed chain', () => {
    const asff = toAsff(suppressedFinding(), CTX);

    it('is recorded with Workflow SUPPRESSED and the suppression first in the Note', () => {
      expect(validateAsff(asff)).toEqual([]);
      expect(asff.Workflow).toEqual({ Status: 'SUPPRESSED' });
      expect(asff.RecordState).toBe('ACTIVE');
      expect(asff.Note?.Text).toMatch(/^Suppressed by platform-team until 2025-04-01: kaniko migration test, ticket SEC-42\. Allowlists checked: /);
      expect(asff.ProductFields?.['an1261/suppressedBy']).toBe('platform-team: kaniko migration test, ticket SEC-42 (until 2025-04-01)');
    });
  });

  describe('identity', () => {
    it('gives every version of a finding the same Id and GeneratorId', () => {
      const v1 = toAsff({ ...criticalEksFinding(), version: 1, updatedAt: '2025-03-04T10:15:30.000Z' }, CTX);
      const v3 = toAsff(criticalEksFinding(), CTX);
      expect(v1.Id).toBe(v3.Id);
      expect(v1.GeneratorId).toBe(ASFF_GENERATOR_ID);
      expect(v3.UpdatedAt > v1.UpdatedAt).toBe(true);
    });

    it('is deterministic', () => {
      expect(toAsff(criticalEksFinding(), CTX)).toEqual(toAsff(structuredClone(criticalEksFinding()), CTX));
    });

    it('hashes ids that are not plain visible ASCII', () => {
      expect(asffId('abc123')).toBe('an1261/abc123');
      expect(asffId('a b\n')).toMatch(/^an1261\/[0-9a-f]{32}$/);
      expect(asffId('x'.repeat(600))).toMatch(/^an1261\/[0-9a-f]{32}$/);
      expect(asffId('a b\n')).toBe(asffId('a b\n'));
    });
  });

  describe('accounts, Regions and partitions', () => {
    it('keeps AwsAccountId the importing account when the activity is in another account', () => {
      const asff = toAsff({ ...criticalEksFinding(), account: '444455556666', accountName: 'payments-prod', region: 'eu-west-1' }, CTX);
      expect(validateAsff(asff)).toEqual([]);
      expect(asff.AwsAccountId).toBe('111122223333');
      expect(asff.ProductFields?.['an1261/account']).toBe('444455556666');
      expect(asff.ProductFields?.['an1261/accountName']).toBe('payments-prod');
      expect(toAsff({ ...criticalEksFinding(), pushToDeploySeconds: 250 }, CTX).ProductFields?.['an1261/pushToDeploySeconds']).toBe('250');
      expect(asff.Resources.map((r) => r.Id)).toEqual(
        expect.arrayContaining(['arn:aws:eks:eu-west-1:444455556666:cluster/prod-eks', 'arn:aws:ec2:eu-west-1:444455556666:instance/i-0abc12345def67890']),
      );
    });

    it('uses the aws-cn partition for China Regions, in ProductArn and ARNs', () => {
      const registry = '111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn';
      const f = { ...criticalEksFinding(), region: 'cn-north-1', image: `${registry}/app:1`, images: [`${registry}/app:1`] };
      const asff = toAsff(f, { account: '111122223333', region: 'cn-north-1' });
      expect(validateAsff(asff)).toEqual([]);
      expect(asff.ProductArn).toBe('arn:aws-cn:securityhub:cn-north-1:111122223333:product/111122223333/default');
      expect(asff.Resources[0]).toMatchObject({ Type: 'AwsEcrContainerImage', Id: 'arn:aws-cn:ecr:cn-north-1:111122223333:repository/app', Partition: 'aws-cn', Region: 'cn-north-1' });
      expect(asff.Resources[1]?.Id).toBe('arn:aws-cn:eks:cn-north-1:111122223333:cluster/prod-eks');
    });

    it('ignores a malformed account or Region on the finding', () => {
      const asff = toAsff({ ...criticalEksFinding(), account: '12345', region: 'not a region' }, CTX);
      expect(validateAsff(asff)).toEqual([]);
      expect(asff.Resources[1]?.Id).toBe('arn:aws:eks:us-east-1:111122223333:cluster/prod-eks');
    });
  });
});
