import { ecrRegistry, imageFromParts, imageKeys, normalizeImage, parseEcrRegistry, parseImageRef } from '../../../lambdas/core/model/image-ref';

describe('Image references', () => {
  describe('normalizeImage', () => {
    it.each([
      ['nginx', 'docker.io/library/nginx'],
      ['nginx:1.25', 'docker.io/library/nginx:1.25'],
      ['docker.io/library/nginx:latest', 'docker.io/library/nginx:latest'],
      ['index.docker.io/bitnami/redis:7', 'docker.io/bitnami/redis:7'],
      ['gcr.io/kaniko-project/executor:v1.23.0', 'gcr.io/kaniko-project/executor:v1.23.0'],
      ['localhost:5000/app:dev', 'localhost:5000/app:dev'],
      ['111122223333.dkr.ecr.us-east-1.amazonaws.com/team/app:v1', '111122223333.dkr.ecr.us-east-1.amazonaws.com/team/app:v1'],
      ['MyRegistry.Example.com/App:V1', 'myregistry.example.com/app:V1'],
      [`alpine@sha256:${'a'.repeat(64)}`, `docker.io/library/alpine@sha256:${'a'.repeat(64)}`],
      [`ghcr.io/o/r:1.0@sha256:${'b'.repeat(64)}`, `ghcr.io/o/r:1.0@sha256:${'b'.repeat(64)}`],
    ])('%s → %s', (raw, want) => {
      expect(normalizeImage(raw)).toBe(want);
    });

    it.each(['', ' ', 'has space:1', 'UPPER/../x', 'repo:bad tag', 'repo@sha256:xyz', 'a'.repeat(2000), ':tag', 'repo:'])('rejects %j', (raw) => {
      expect(normalizeImage(raw)).toBeUndefined();
    });
  });

  it('parses the parts of a reference', () => {
    expect(parseImageRef('quay.io/buildah/stable:v1.35')).toEqual({ registry: 'quay.io', repository: 'buildah/stable', tag: 'v1.35' });
  });

  it('matches by digest when known, else by repository and tag (latest by default)', () => {
    const d = `sha256:${'c'.repeat(64)}`;
    expect(imageKeys(`r.io/app:v1@${d}`)).toEqual([`digest:${d}`, 'tag:r.io/app:v1']);
    expect(imageKeys('nginx')).toEqual(['tag:docker.io/library/nginx:latest']);
    expect(imageKeys(`r.io/app@${d}`)).toEqual([`digest:${d}`]);
  });

  it('keeps repository and tag when an AWS doc sample carries a malformed digest', () => {
    expect(imageFromParts('123456789012.dkr.ecr.us-west-2.amazonaws.com', 'my-repo', 'latest', 'sha256:bad!')).toBe('123456789012.dkr.ecr.us-west-2.amazonaws.com/my-repo:latest');
  });

  it('reads ECR registry host names', () => {
    expect(parseEcrRegistry('111122223333.dkr.ecr.eu-west-1.amazonaws.com')).toEqual({ account: '111122223333', region: 'eu-west-1' });
    expect(parseEcrRegistry('docker.io')).toBeUndefined();
    expect(ecrRegistry('111122223333', 'cn-north-1')).toBe('111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn');
  });
});
