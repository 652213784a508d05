import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ConfigInput, DEFAULT_CONFIG, parseConfig } from '../../../lambdas/core/model/config';
import { configWarnings, formatConfigWarning } from '../../../lambdas/core/model/config-warnings';

const warningsOf = (input: ConfigInput) => configWarnings(parseConfig(input));
const keysOf = (input: ConfigInput) => warningsOf(input).map((w) => w.key);

const ALL_DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

describe('configWarnings', () => {
  it('has nothing to say about the defaults or the shipped configs', () => {
    expect(configWarnings(DEFAULT_CONFIG)).toEqual([]);
    for (const file of ['samples/config.json', 'deploy/an1261.config.json']) {
      expect(warningsOf(JSON.parse(readFileSync(join(__dirname, '../../..', file), 'utf8')))).toEqual([]);
    }
  });

  describe('trusted AWS services', () => {
    it.each(['AMAZON', 'EC2', 'GLOBALACCELERATOR', 'CLOUDFRONT', 'API_GATEWAY', 'amazon'])('warns for %s, whose addresses reach what any AWS customer runs', (service) => {
      const [w, ...rest] = warningsOf({ trustedDestinations: { awsServices: ['S3', service] } });
      expect(rest).toEqual([]);
      expect(w!.key).toBe('trustedDestinations.awsServices[1]');
      expect(w!.message).toContain(`trusting ${service.toUpperCase()} hides the egress`);
      expect(w!.message).toContain('VPC endpoints');
      expect(w!.message).toContain('com.amazonaws.<region>.ecr.api');
    });

    it('says why AMAZON and EC2 are unsafe: every EC2 public address', () => {
      for (const s of ['AMAZON', 'EC2']) expect(warningsOf({ trustedDestinations: { awsServices: [s] } })[0]!.message).toMatch(/every EC2 public and Elastic IP address/);
    });

    it.each(['S3', 'DYNAMODB', 'EBS', 'EC2_INSTANCE_CONNECT', 'CODEBUILD', 'ROUTE53', 'CLOUDFRONT_ORIGIN_FACING'])('does not warn for %s', (service) => {
      expect(warningsOf({ trustedDestinations: { awsServices: [service] } })).toEqual([]);
    });
  });

  describe('trusted and internal CIDRs', () => {
    it.each([
      ['0.0.0.0/0', 'trustedDestinations.cidrs[0]'],
      ['::/0', 'trustedDestinations.cidrs[0]'],
      ['52.0.0.0/8', 'trustedDestinations.cidrs[0]'],
      ['3.0.0.0/15', 'trustedDestinations.cidrs[0]'],
      ['2600:1f00::/24', 'trustedDestinations.cidrs[0]'],
      // Wider than the private block it starts in: reaches public space.
      ['172.0.0.0/8', 'trustedDestinations.cidrs[0]'],
      ['100.0.0.0/8', 'trustedDestinations.cidrs[0]'],
    ])('warns for %s', (cidr, key) => {
      const [w, ...rest] = warningsOf({ trustedDestinations: { cidrs: [cidr] } });
      expect(rest).toEqual([]);
      expect(w).toEqual({ key, message: expect.stringContaining('may include cloud compute anyone can rent') });
    });

    it.each(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16', 'fc00::/7', 'fe80::/10', '203.0.113.0/24', '52.216.0.0/16', '151.101.0.0/16', '2600:1f18::/32', '2001:db8:1234::/48', '198.51.100.7'])(
      'does not warn for %s',
      (cidr) => {
        expect(warningsOf({ trustedDestinations: { cidrs: [cidr] }, internalCidrs: [cidr] })).toEqual([]);
      },
    );

    it('warns for a broad public internalCidrs entry too (its traffic never counts as egress)', () => {
      expect(keysOf({ internalCidrs: ['10.0.0.0/16', '0.0.0.0/0'] })).toEqual(['internalCidrs[1]']);
    });
  });

  describe('approved builders and the registry allowlist', () => {
    it.each<[ConfigInput, string, RegExp]>([
      [{ approvedBuilders: { hosts: ['*'] } }, 'approvedBuilders.hosts[0]', /matches every host/],
      [{ approvedBuilders: { hosts: ['10.0.200.0/24', '0.0.0.0/0'] } }, 'approvedBuilders.hosts[1]', /public address space broader than \/24/],
      [{ approvedBuilders: { hosts: ['54.240.0.0/20'] } }, 'approvedBuilders.hosts[0]', /broader than \/24/],
      [{ approvedBuilders: { hosts: ['2600:1f00::/40'] } }, 'approvedBuilders.hosts[0]', /broader than \/48/],
      [{ approvedBuilders: { principals: ['*'] } }, 'approvedBuilders.principals[0]', /any IAM principal of any AWS account/],
      [{ approvedBuilders: { principals: ['arn:aws:iam::*'] } }, 'approvedBuilders.principals[0]', /any AWS account/],
      [{ approvedBuilders: { principals: ['arn:aws:iam::*:role/*'] } }, 'approvedBuilders.principals[0]', /any AWS account/],
      [{ approvedBuilders: { principals: ['arn:*'] } }, 'approvedBuilders.principals[0]', /any AWS account/],
      [{ approvedBuilders: { principals: ['arn:aws-us-gov:iam::*'] } }, 'approvedBuilders.principals[0]', /any AWS account/],
      [{ approvedBuilders: { namespaces: ['ci', '*'] } }, 'approvedBuilders.namespaces[1]', /approves every build/],
      [{ approvedBuilders: { kubernetesUsers: ['**'] } }, 'approvedBuilders.kubernetesUsers[0]', /approves every build/],
      [{ registryAllowList: ['*'] }, 'registryAllowList[0]', /allowlist meaningless/],
    ])('warns for %j', (input, key, message) => {
      const [w, ...rest] = warningsOf(input);
      expect(rest).toEqual([]);
      expect(w!.key).toBe(key);
      expect(w!.message).toMatch(message);
    });

    it('does not warn for named builders, subnets, instances and registries', () => {
      expect(
        warningsOf({
          approvedBuilders: {
            hosts: ['10.0.200.0/24', '10.0.0.0/8', '203.0.113.0/24', '198.51.100.7', '2600:1f18:1234:5600::/56', 'i-0123456789abcdef0', 'ci-node-*', 'ip-10-0-200-*'],
            principals: ['arn:aws:iam::111122223333:role/ci-build-*', 'arn:aws:iam::111122223333:*', 'arn:aws:iam::*:role/ci-build'],
            kubernetesUsers: ['system:serviceaccount:ci:*'],
            namespaces: ['ci', 'ci-*'],
          },
          registryAllowList: ['111122223333.dkr.ecr.us-east-1.amazonaws.com/*', '*.dkr.ecr.*.amazonaws.com/team/*'],
        }),
      ).toEqual([]);
    });
  });

  describe('release windows', () => {
    it.each<[ConfigInput['releaseWindows'], string]>([
      [[{ days: [...ALL_DAYS], start: '00:00', end: '23:59' }], 'releaseWindows[0]'],
      // Overnight: from 06:00 to 05:59 the next morning, every day.
      [[{ days: [...ALL_DAYS], start: '06:00', end: '05:59', timeZone: 'Europe/Paris' }], 'releaseWindows[0]'],
      // Two windows of one time zone that cover the week between them.
      [
        [
          { days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], start: '00:00', end: '23:59' },
          { days: [...ALL_DAYS], start: '23:59', end: '00:00' },
          { days: ['Sat', 'Sun'], start: '00:00', end: '23:59' },
        ],
        'releaseWindows',
      ],
    ])('warns when the windows cover the whole week (%#)', (releaseWindows, key) => {
      const ws = warningsOf({ releaseWindows });
      expect(ws.map((w) => w.key)).toEqual([key]);
      expect(ws[0]!.message).toMatch(/the whole week|all of the week but \d+ minutes?/);
      expect(ws[0]!.message).toContain('no effect');
    });

    it('warns for a window that covers nothing (start = end)', () => {
      expect(warningsOf({ releaseWindows: [{ days: ['Mon'], start: '00:00', end: '00:00' }] })).toEqual([{ key: 'releaseWindows[0]', message: expect.stringContaining('covers no time at all') }]);
    });

    it.each<[ConfigInput['releaseWindows']]>([
      [[{ days: ['Mon', 'Tue', 'Wed', 'Thu'], start: '09:00', end: '17:00', timeZone: 'Europe/Paris' }]],
      [[{ days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'], start: '00:00', end: '23:59' }]],
      [[{ days: [...ALL_DAYS], start: '08:00', end: '20:00' }]],
      // Whole week, but across two time zones: not judged.
      [
        [
          { days: ['Mon', 'Tue', 'Wed'], start: '00:00', end: '23:59', timeZone: 'UTC' },
          { days: ['Thu', 'Fri', 'Sat', 'Sun'], start: '00:00', end: '23:59', timeZone: 'Asia/Tokyo' },
        ],
      ],
    ])('does not warn for real release windows (%#)', (releaseWindows) => {
      expect(warningsOf({ releaseWindows })).toEqual([]);
    });
  });

  it('lists every warning in config key order, formatted like validation errors', () => {
    const ws = warningsOf({
      trustedDestinations: { cidrs: ['0.0.0.0/0'], awsServices: ['EC2'] },
      registryAllowList: ['*'],
      approvedBuilders: { principals: ['*'], namespaces: ['*'] },
    });
    expect(ws.map((w) => w.key)).toEqual(['trustedDestinations.cidrs[0]', 'trustedDestinations.awsServices[0]', 'registryAllowList[0]', 'approvedBuilders.principals[0]', 'approvedBuilders.namespaces[0]']);
    expect(formatConfigWarning(ws[1]!)).toMatch(/^config key "trustedDestinations\.awsServices\[0\]": trusting EC2 /);
  });
  it('judges a member account’s overrides like the top-level keys, naming the override, and not the keys it inherits', () => {
    const ws = warningsOf({
      trustedDestinations: { awsServices: ['AMAZON'] },
      accounts: { members: [{ id: '222233334444', overrides: { approvedBuilders: { hosts: ['*'] }, releaseWindows: [{ days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'], start: '00:00', end: '23:59' }] } }, { id: '555566667777' }] },
    });
    expect(ws.map((w) => w.key)).toEqual(['trustedDestinations.awsServices[0]', 'accounts.members[0].overrides.approvedBuilders.hosts[0]', 'accounts.members[0].overrides.releaseWindows[0]']);
  });
});
