/**
 * Resource mapping edge cases: ECR grouping, unknown clusters, many hosts, the 32-resource cap.
 */
import type { Finding } from '../../../lambdas/core/model/finding';
import { toAsff, validateAsff } from '../../../lambdas/core/publish/asff';
import { CTX, DIGEST, REGISTRY, criticalEksFinding, lowDockerdFinding } from './fixtures';

const OTHER_DIGEST = 'sha256:c7fb3351ecad291a88b92b600037e2435c84a347683d540042086fe72c902b8a';

function resourcesOf(over: Partial<Finding>) {
  const asff = toAsff({ ...criticalEksFinding(), ...over }, CTX);
  expect(validateAsff(asff)).toEqual([]);
  return asff.Resources;
}

describe('toAsff resources', () => {
  it('keeps two digests of one repository apart, and tags without digest apart from both', () => {
    const resources = resourcesOf({
      image: `${REGISTRY}/app:v2@${OTHER_DIGEST}`,
      images: [`${REGISTRY}/app:v1@${DIGEST}`, `${REGISTRY}/app:v2@${OTHER_DIGEST}`, `${REGISTRY}/app:latest`],
      stages: ['build', 'push'],
    });
    const ecr = resources.filter((r) => r.Type === 'AwsEcrContainerImage');
    expect(ecr.map((r) => [r.Id, r.Details?.AwsEcrContainerImage?.ImageTags])).toEqual([
      [`arn:aws:ecr:us-east-1:111122223333:repository/app/${OTHER_DIGEST}`, ['v2']],
      ['arn:aws:ecr:us-east-1:111122223333:repository/app', ['latest']],
      [`arn:aws:ecr:us-east-1:111122223333:repository/app/${DIGEST}`, ['v1']],
    ]);
    // Only the chain's own image was the one pushed at the timeline's push time.
    expect(ecr.map((r) => r.Details?.AwsEcrContainerImage?.ImagePublishedAt)).toEqual(['2025-03-04T10:16:00.000Z', undefined, undefined]);
  });

  it('names an ECR image without digest by its repository ARN', () => {
    const resources = resourcesOf({ image: `${REGISTRY}/team/app:1`, images: [`${REGISTRY}/team/app:1`] });
    expect(resources[0]).toEqual({
      Type: 'AwsEcrContainerImage',
      Id: 'arn:aws:ecr:us-east-1:111122223333:repository/team/app',
      Partition: 'aws',
      Region: 'us-east-1',
      Details: { AwsEcrContainerImage: { RegistryId: '111122223333', RepositoryName: 'team/app', ImageTags: ['1'], ImagePublishedAt: '2025-03-04T10:16:00.000Z' } },
    });
  });

  it('uses the ECR registry account and Region, not the finding ones, in the image ARN', () => {
    const resources = resourcesOf({ image: '999988887777.dkr.ecr.eu-central-1.amazonaws.com/shared/base:3', images: [] });
    expect(resources[0]).toMatchObject({ Id: 'arn:aws:ecr:eu-central-1:999988887777:repository/shared/base', Region: 'eu-central-1', Details: { AwsEcrContainerImage: { RegistryId: '999988887777' } } });
  });

  it('keeps an unparseable image reference as an Other resource named by its cleaned text', () => {
    const resources = resourcesOf({ image: 'Not An Image!!', images: ['Not An Image!!'] });
    expect(resources[0]).toEqual({ Type: 'Other', Id: 'Not An Image!!', Partition: 'aws', Region: 'us-east-1', Details: { Other: { image: 'Not An Image!!' } } });
  });

  it('names a cluster that is not a valid EKS name as Other', () => {
    const resources = resourcesOf({ cluster: 'my cluster/../x' });
    expect(resources[1]).toEqual({ Type: 'Other', Id: 'kubernetes-cluster/my cluster/../x', Partition: 'aws', Region: 'us-east-1', Details: { Other: { cluster: 'my cluster/../x' } } });
  });

  it('gives instance addresses only when one instance makes them unambiguous', () => {
    const two = resourcesOf({ hosts: { instanceIds: ['i-0aaaaaaaaaaaaaaa1', 'i-0bbbbbbbbbbbbbbb2'], ips: ['10.0.1.1', '2001:db8::1'], nodeNames: [], hostnames: [], pods: [] } });
    expect(two.filter((r) => r.Type === 'AwsEc2Instance')).toEqual([
      { Type: 'AwsEc2Instance', Id: 'arn:aws:ec2:us-east-1:111122223333:instance/i-0aaaaaaaaaaaaaaa1', Partition: 'aws', Region: 'us-east-1' },
      { Type: 'AwsEc2Instance', Id: 'arn:aws:ec2:us-east-1:111122223333:instance/i-0bbbbbbbbbbbbbbb2', Partition: 'aws', Region: 'us-east-1' },
    ]);
    const one = resourcesOf({ hosts: { instanceIds: ['i-0aaaaaaaaaaaaaaa1'], ips: ['10.0.1.1', '2001:DB8:0::1', '::ffff:10.0.1.2', 'bogus'], nodeNames: [], hostnames: [], pods: [] } });
    expect(one.find((r) => r.Type === 'AwsEc2Instance')?.Details).toEqual({ AwsEc2Instance: { IpV4Addresses: ['10.0.1.1', '10.0.1.2'], IpV6Addresses: ['2001:db8::1'] } });
  });

  it('names hosts known by node name or IP only as Other', () => {
    const resources = resourcesOf({ hosts: { instanceIds: [], ips: ['10.0.3.4'], nodeNames: ['ip-10-0-3-4.ec2.internal'], hostnames: [], pods: [] } });
    expect(resources.filter((r) => r.Type === 'Other')).toEqual([
      { Type: 'Other', Id: 'ip-10-0-3-4.ec2.internal', Partition: 'aws', Region: 'us-east-1', Details: { Other: { nodeName: 'ip-10-0-3-4.ec2.internal' } } },
      { Type: 'Other', Id: '10.0.3.4', Partition: 'aws', Region: 'us-east-1', Details: { Other: { ip: '10.0.3.4' } } },
    ]);
  });

  it('falls back to the AwsAccount resource when nothing else is known', () => {
    const f: Finding = { ...lowDockerdFinding(), image: undefined, images: [], hosts: { instanceIds: [], ips: [], nodeNames: [], hostnames: [], pods: [] } };
    const asff = toAsff(f, CTX);
    expect(validateAsff(asff)).toEqual([]);
    expect(asff.Resources).toEqual([{ Type: 'AwsAccount', Id: 'AWS::::Account:111122223333', Partition: 'aws', Region: 'us-east-1' }]);
  });

  it('never lists more than 32 resources, whatever the chain holds', () => {
    const n = 100;
    const resources = resourcesOf({
      images: Array.from({ length: n }, (_, i) => `${REGISTRY}/app-${i}:1`),
      hosts: {
        instanceIds: Array.from({ length: n }, (_, i) => `i-0${String(i).padStart(16, '0')}`),
        ips: [],
        nodeNames: [],
        hostnames: [],
        pods: Array.from({ length: n }, (_, i) => `ci/pod-${i}`),
      },
    });
    expect(resources.length).toBeLessThanOrEqual(32);
    expect(new Set(resources.map((r) => r.Type))).toEqual(new Set(['AwsEcrContainerImage', 'AwsEksCluster', 'Container', 'AwsEc2Instance']));
  });
});
