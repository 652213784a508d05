import { ConfigError, DEFAULT_CONFIG, parseConfig } from '../../../lambdas/core/model/config';

const ISSUE_EXAMPLE = {
  timeWindowMinutes: 5,
  deployWindowMinutes: 15,
  latenessMinutes: 20,
  internalCidrs: ['10.0.0.0/16'],
  trustedDestinations: { cidrs: ['52.216.0.0/15'], awsServices: ['S3'] },
  registryAllowList: ['111122223333.dkr.ecr.us-east-1.amazonaws.com/*'],
  approvedBuilders: {
    principals: ['arn:aws:iam::111122223333:role/ci-build-*'],
    hosts: ['10.0.200.0/24', 'i-0123456789abcdef0'],
    kubernetesUsers: ['system:serviceaccount:ci:*'],
    namespaces: ['ci'],
  },
  newImageThreshold: 3,
  releaseWindows: [{ days: ['Mon', 'Tue', 'Wed', 'Thu'], start: '09:00', end: '17:00', timeZone: 'UTC' }],
  suppressions: [{ match: { namespace: 'sandbox' }, owner: 'platform-team', reason: 'sandbox builds', expires: '2027-01-31' }],
  minNotifySeverity: 'MEDIUM',
  sources: {
    eksClusters: ['prod-cluster'],
    flowLogs: [{ logGroup: '/vpc/flow/*', format: '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}' }],
    hostLogs: [{ logGroup: '/ec2/docker*' }],
  },
  notifications: { email: 'oncall@example.com' },
};

function errorOf(input: unknown): string {
  try {
    parseConfig(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected the config to be rejected');
}

describe('Configuration', () => {
  it('accepts the documented example as it is', () => {
    expect(parseConfig(ISSUE_EXAMPLE)).toMatchObject(ISSUE_EXAMPLE);
  });

  it('fills every default for an empty config', () => {
    expect(DEFAULT_CONFIG).toMatchObject({ timeWindowMinutes: 5, deployWindowMinutes: 15, latenessMinutes: 20, newImageThreshold: 3, minNotifySeverity: 'MEDIUM', internalCidrs: [], releaseWindows: [], requireScanBeforeDeploy: false });
  });

  it.each([
    [{ timeWindowMinutes: '5' }, 'config key "timeWindowMinutes"'],
    [{ timeWindowMinutes: 0 }, 'config key "timeWindowMinutes"'],
    [{ internalCidrs: ['10.0.0.0/33'] }, 'config key "internalCidrs[0]": must be an IPv4/IPv6 CIDR or address'],
    [{ approvedBuilders: { hosts: ['not a host!'] } }, 'config key "approvedBuilders.hosts[0]"'],
    [{ approvedBuilders: { principal: [] } }, 'config key "approvedBuilders.principal": unknown key'],
    [{ releaseWindows: [{ days: ['Mon'], start: '9:00', end: '17:00' }] }, 'config key "releaseWindows[0].start": must be HH:MM'],
    [{ releaseWindows: [{ days: ['Funday'], start: '09:00', end: '17:00' }] }, 'config key "releaseWindows[0].days[0]"'],
    [{ suppressions: [{ match: {}, owner: 'me', reason: 'r', expires: '2027-01-01' }] }, 'config key "suppressions[0].match": must name at least one field'],
    [{ suppressions: [{ match: { namespace: 'x' }, owner: 'me', reason: 'r', expires: 'soon' }] }, 'config key "suppressions[0].expires"'],
    [{ minNotifySeverity: 'URGENT' }, 'config key "minNotifySeverity"'],
    [{ requireScanBeforeDeploy: 'yes' }, 'config key "requireScanBeforeDeploy": must be true or false'],
    [{ notifications: { email: 'nope' } }, 'config key "notifications.email": must be an email address'],
    [{ sources: { eksClusters: ['bad name!'] } }, 'config key "sources.eksClusters[0]"'],
    [{ timeWindow: 5 }, 'config key "timeWindow": unknown key'],
    [{ sources: { flowLogs: [{ logGroup: '/vpc/*', format: '${version} ${src-addr}' }] } }, 'config key "sources.flowLogs[0].format": unknown flow-log field "src-addr"'],
  ])('rejects %j naming the key', (input, message) => {
    expect(errorOf(input)).toContain(message);
  });

  it('names the file the config came from', () => {
    expect(() => parseConfig({ x: 1 }, 'prod.json')).toThrow('prod.json key "x": unknown key');
  });

  it('upper-cases AWS service names', () => {
    expect(parseConfig({ trustedDestinations: { awsServices: ['s3'] } }).trustedDestinations.awsServices).toEqual(['S3']);
  });
});

describe('Config key: baseline', () => {
  it('defaults to one earlier day, seven days of learning, thirty days remembered', () => {
    expect(parseConfig({}).baseline).toEqual({ minDays: 1, learningDays: 7, retentionDays: 30 });
  });

  it.each([
    [{ minDays: 0 }, 'config key "baseline.minDays": must be at least 1'],
    [{ minDays: 40 }, 'config key "baseline.minDays": must not exceed baseline.retentionDays (older days are forgotten)'],
    [{ learningDays: 10, retentionDays: 5 }, 'config key "baseline.learningDays": must not exceed baseline.retentionDays (older history is forgotten)'],
    [{ retention: 5 }, 'config key "baseline.retention": unknown key'],
  ])('fails on %j naming the key', (baseline, message) => {
    expect(() => parseConfig({ baseline })).toThrow(message);
  });
});
