/**
 * Globs and CIDRs replace several members only where they share them, and are never only `*`;
 * destination prefixes are /24 (IPv4) and /48 (IPv6); public address space is told apart.
 */
import { hostCidrs, principalGlobs, serviceAccountGlobs, sharedPrefixGroups } from '../../../lambdas/core/tune/generalize';
import { holdsPublicAddresses } from '../../../lambdas/core/model/config-warnings';
import { blockOf, destinationPrefix, smallestCidr } from '../../../lambdas/core/tune/prefixes';

const ROLE = 'arn:aws:iam::111122223333:role/';

describe('principalGlobs', () => {
  it('globs roles sharing a delimited stem: ci-build-a + ci-build-b → ci-build-*', () => {
    expect(principalGlobs([`${ROLE}ci-build-a`, `${ROLE}ci-build-b`, `${ROLE}deployer`])).toEqual([{ value: `${ROLE}ci-build-*`, members: [`${ROLE}ci-build-a`, `${ROLE}ci-build-b`], stem: 'ci-build-' }]);
  });

  it('serves the longest shared stem first', () => {
    const globs = principalGlobs([`${ROLE}ci-build-a`, `${ROLE}ci-build-b`, `${ROLE}ci-test-a`, `${ROLE}ci-test-b`]).map((g) => g.value).sort();
    expect(globs).toEqual([`${ROLE}ci-build-*`, `${ROLE}ci-test-*`]);
  });

  it('never globs roles without a shared stem (that would be any role of the account), nor across accounts', () => {
    expect(principalGlobs([`${ROLE}alpha`, `${ROLE}beta`])).toEqual([]);
    expect(principalGlobs([`${ROLE}ci-a`, 'arn:aws:iam::444455556666:role/ci-b'])).toEqual([]);
  });

  it('globs on path delimiters too', () => {
    expect(principalGlobs([`${ROLE}ci/build-a`, `${ROLE}ci/build-b`]).map((g) => g.value)).toEqual([`${ROLE}ci/build-*`]);
  });
});

describe('sharedPrefixGroups', () => {
  it('leaves single names alone', () => {
    expect(sharedPrefixGroups(['ci-build-a', 'ci-build-b', 'web'])).toEqual([{ prefix: 'ci-build-', members: ['ci-build-a', 'ci-build-b'] }]);
  });
});

describe('serviceAccountGlobs', () => {
  it('globs a namespace with two or more service accounts only', () => {
    expect(serviceAccountGlobs(['system:serviceaccount:ci:a', 'system:serviceaccount:ci:b', 'system:serviceaccount:tekton:c', 'alice']).map((g) => g.value)).toEqual(['system:serviceaccount:ci:*']);
  });
});

describe('hostCidrs', () => {
  it('merges the CI runners into the smallest CIDR holding them', () => {
    expect(hostCidrs(['10.0.200.17', '10.0.200.18', '10.0.200.41'])).toEqual([{ value: '10.0.200.0/26', members: ['10.0.200.17', '10.0.200.18', '10.0.200.41'], stem: '' }]);
  });

  it('never spans more than a /24 (IPv4) or /64 (IPv6), and leaves a lone address alone', () => {
    expect(hostCidrs(['10.0.200.17', '10.0.201.18', '10.0.5.1'])).toEqual([]);
    expect(hostCidrs(['2001:db8:0:1::10', '2001:db8:0:1::20']).map((g) => g.value)).toEqual(['2001:db8:0:1::/122']);
    expect(hostCidrs(['2001:db8:0:1::10', '2001:db8:0:2::10'])).toEqual([]);
  });
});

describe('prefixes', () => {
  it('aggregates destinations by /24 and /48', () => {
    expect(destinationPrefix('91.92.240.77')).toBe('91.92.240.0/24');
    expect(destinationPrefix('2001:db8:1:2::5')).toBe('2001:db8:1::/48');
    expect(destinationPrefix('not-an-ip')).toBeUndefined();
  });

  it('computes smallest CIDRs and blocks', () => {
    expect(smallestCidr(['10.0.0.1'])).toBe('10.0.0.1/32');
    expect(smallestCidr(['10.0.0.1', '2001:db8::1'])).toBeUndefined();
    expect(blockOf('10.0.200.17', 24)).toBe('10.0.200.0/24');
  });

  it('tells public address space from private', () => {
    expect(holdsPublicAddresses('10.0.200.0/26')).toBe(false);
    expect(holdsPublicAddresses('203.0.113.0/24')).toBe(true);
    expect(holdsPublicAddresses('198.18.0.0/24', ['198.18.0.0/15'])).toBe(false);
  });
});
