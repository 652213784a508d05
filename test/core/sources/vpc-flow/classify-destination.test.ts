import fc from 'fast-check';
import {
  ADDRESS_CACHE_LIMIT,
  addressCacheSize,
  classifyAddress,
  classifyDestination,
  isRfc1918At,
} from '../../../../lambdas/core/sources/vpc-flow/classify-destination';
import { addressKey } from '../../../../lambdas/core/util/cidr';
import { settingsWith } from './helpers';

describe('classifyDestination', () => {
  const settings = settingsWith({
    internalCidrs: ['2600:1f18:4a3:6900::/56', '198.18.0.0/15'],
    trustedDestinations: { cidrs: ['203.0.113.0/24', '2a02:cf40::/32'], awsServices: ['S3', 'dynamodb'] },
  });

  it.each([
    ['10.0.1.23', 'internal'],
    ['172.31.16.139', 'internal'],
    ['172.16.0.1', 'internal'],
    ['192.168.10.1', 'internal'],
    ['100.64.3.4', 'internal'], // CGNAT: EKS custom networking
    ['169.254.169.254', 'internal'], // IMDS
    ['198.19.255.1', 'internal'], // from internalCidrs
    ['fd00:ec2::23', 'internal'], // IPv6 ULA
    ['fe80::1ff:fe23:4567:890a', 'internal'],
    ['2600:1f18:4a3:6902:ab12:cd34:ef56:7890', 'internal'], // the VPC's IPv6 block from internalCidrs
    ['::ffff:10.1.2.3', 'internal'], // IPv4-mapped
    ['203.0.113.12', 'trusted'],
    ['2a02:cf40::', 'trusted'], // compressed form
    ['2A02:CF40:0:0::1', 'trusted'],
    ['52.95.128.179', 'untrusted'],
    ['172.32.0.1', 'untrusted'], // just outside 172.16/12
    ['11.0.0.1', 'untrusted'],
    ['2001:db8:1234:a102:3304:8879:34cf:4071', 'untrusted'],
  ])('classifies %s as %s', (ip, want) => {
    expect(classifyDestination(ip, settings)).toBe(want);
  });

  it('trusts a configured AWS service named by pkt-dst-aws-service, whatever the case', () => {
    expect(classifyDestination('52.95.128.179', settings, 'S3')).toBe('trusted');
    expect(classifyDestination('52.94.0.10', settings, 'DYNAMODB')).toBe('trusted');
    expect(classifyDestination('52.95.128.179', settings, 'AMAZON')).toBe('untrusted');
    expect(classifyDestination('52.95.128.179', settings, '-')).toBe('untrusted');
  });

  it('keeps internal ahead of a trusted service', () => {
    expect(classifyDestination('10.0.0.5', settings, 'S3')).toBe('internal');
  });

  it('calls an unparseable address untrusted, and classifyAddress says invalid', () => {
    expect(classifyDestination('not-an-ip', settings)).toBe('untrusted');
    expect(classifyAddress('not-an-ip', settings)).toBe('invalid');
    expect(classifyAddress('10.0.0.256', settings)).toBe('invalid');
    expect(classifyAddress('012.1.1.1', settings)).toBe('invalid'); // no octal/short forms
    expect(classifyAddress('1.2.3', settings)).toBe('invalid');
  });

  it('caches per settings, bounded', () => {
    const s = settingsWith({});
    for (let i = 0; i < ADDRESS_CACHE_LIMIT + 500; i++) classifyAddress(`11.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, s);
    expect(addressCacheSize(s)).toBe(ADDRESS_CACHE_LIMIT);
    expect(classifyAddress('11.0.0.0', s)).toBe('untrusted'); // evicted, recomputed
  });

  it('gives each settings object its own cache (a config change cannot reuse old verdicts)', () => {
    const plain = settingsWith({});
    const trusting = settingsWith({ trustedDestinations: { cidrs: ['52.95.0.0/16'] } });
    expect(classifyDestination('52.95.1.1', plain)).toBe('untrusted');
    expect(classifyDestination('52.95.1.1', trusting)).toBe('trusted');
  });
});

describe('isRfc1918At (fast path)', () => {
  const at = (s: string) => isRfc1918At(`x ${s} y`, 2, 2 + s.length);

  it.each(['10.0.0.1', '10.255.255.255', '172.16.0.1', '172.19.1.1', '172.20.0.1', '172.29.9.9', '172.31.255.255', '192.168.0.1'])('accepts %s', (ip) => {
    expect(at(ip)).toBe(true);
  });

  it.each(['100.64.0.1', '172.15.0.1', '172.32.0.1', '172.3.1.1', '192.169.0.1', '11.0.0.1', '1.0.0.1', '10.0.0.', '2001:db8::1', '10.0.0.1x', '-'])('leaves %s to the full check', (ip) => {
    expect(at(ip)).toBe(false);
  });

  it('agrees with the CIDR set on every dotted-decimal IPv4 it accepts', () => {
    const s = settingsWith({});
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        if (at(ip)) expect(classifyAddress(ip, s)).toBe('internal');
        const octets = ip.split('.').map(Number);
        const rfc1918 = octets[0] === 10 || (octets[0] === 172 && octets[1]! >= 16 && octets[1]! <= 31) || (octets[0] === 192 && octets[1] === 168);
        expect(at(ip)).toBe(rfc1918);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('addressKey (util/cidr): how flow records spell addresses', () => {
  it('writes IPv6 in RFC 5952 form and IPv4-mapped addresses as IPv4', () => {
    expect(addressKey('2a02:cf40:0:0:0:0:0:1')).toBe('2a02:cf40::1');
    expect(addressKey('2001:DB8::0001')).toBe('2001:db8::1');
    expect(addressKey('::ffff:52.95.1.2')).toBe('52.95.1.2');
    expect(addressKey('52.95.1.2')).toBe('52.95.1.2');
  });

  it('keeps text that is no address as it is (an RFC 1918 prefix with a malformed tail still aggregates)', () => {
    expect(addressKey('garbage:')).toBe('garbage:');
    expect(addressKey('10.0.0.01')).toBe('10.0.0.01');
  });
});
