/**
 * instance-ip links from the flow-log normalizer: one per (instance, own address) per batch, from
 * every flow whatever its destination or action, never from an address that may be a peer's.
 * The rule's positive and negative raw events live in lambdas/core/rules/vpc-flow/instance-ip.events.json.
 */
import { instanceIpRule } from '../../../../lambdas/core/rules/vpc-flow/instance-ip.rule';
import type { InstanceAddress } from '../../../../lambdas/core/records/vpc-flow/instance-address';
import { NO_SIGNAL } from '../../../../lambdas/core/rules/rule';
import { egress, instanceLinks, run } from './helpers';

/** A v5-style format: instance-id, pkt-srcaddr and flow-direction, as the README asks. */
const FORMAT = '${version} ${account-id} ${interface-id} ${instance-id} ${srcaddr} ${dstaddr} ${pkt-srcaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${flow-direction}';
const T = 1_793_583_000;

interface Line {
  instance?: string;
  src?: string;
  dst?: string;
  pktSrc?: string;
  dstPort?: number;
  start?: number;
  action?: string;
  direction?: string;
}

function line(o: Line = {}): string {
  const src = o.src ?? '10.0.200.15';
  const start = o.start ?? T;
  return [
    '5',
    '111122223333',
    'eni-0d2e3f4a5b6c7d8e9',
    o.instance ?? 'i-0c1d2e3f4a5b6c7d9',
    src,
    o.dst ?? '10.0.3.14',
    o.pktSrc ?? src,
    40000,
    o.dstPort ?? 5432,
    6,
    10,
    4200,
    start,
    start + 60,
    o.action ?? 'ACCEPT',
    'OK',
    o.direction ?? 'egress',
  ].join(' ');
}

describe('instance-ip links', () => {
  it('aggregates 1,000 internal records of one instance into exactly one link, at the earliest start, named by the first record', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => line({ dst: `10.0.${i % 7}.${(i % 200) + 1}`, start: T + ((i * 37) % 600) - (i === 500 ? 900 : 0) }));
    const t = run(lines, { flowFormat: FORMAT, region: 'us-east-1' });
    expect(t.signals).toHaveLength(1);
    expect(instanceLinks(t)).toEqual([
      {
        kind: 'link',
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        rule: 'instance-ip',
        time: new Date((T - 900 + ((500 * 37) % 600)) * 1000).toISOString(),
        source: 'vpc-flow',
        ref: 'line:1',
        account: '111122223333',
        region: 'us-east-1',
        host: { instanceId: 'i-0c1d2e3f4a5b6c7d9', ip: '10.0.200.15' },
        link: 'instance-ip',
        instanceId: 'i-0c1d2e3f4a5b6c7d9',
        ip: '10.0.200.15',
      },
    ]);
    expect(t.ignored.get('vpc-flow:internal-destination')).toBe(1000);
  });

  it('emits none for records without an instance id, nor for a format without the column', () => {
    const none = Array.from({ length: 1000 }, (_, i) => line({ instance: '-', start: T + i }));
    expect(run(none, { flowFormat: FORMAT }).signals).toEqual([]);
    const v2 = '2 123456789010 eni-1235b8ca123456789 10.0.200.15 198.51.100.7 49832 443 6 12 5120 1700000000 1700000060 ACCEPT OK';
    expect(instanceLinks(run([v2]))).toEqual([]);
  });

  it('keeps one link per distinct pair, in order of first appearance, when pairs interleave', () => {
    const lines = [
      line({ instance: 'i-0aaaaaaaaaaaaaaa1', src: '10.0.1.1', start: T + 50 }),
      line({ instance: 'i-0bbbbbbbbbbbbbbb2', src: '10.0.2.2', start: T + 40 }),
      line({ instance: 'i-0aaaaaaaaaaaaaaa1', src: '10.0.1.1', start: T + 10 }),
      line({ instance: 'i-0aaaaaaaaaaaaaaa1', src: '10.0.1.9', start: T + 30 }), // a second private IP of the same instance
      line({ instance: 'i-0bbbbbbbbbbbbbbb2', src: '10.0.2.2', start: T + 20 }),
      line({ instance: 'i-0aaaaaaaaaaaaaaa1', src: '10.0.1.1', start: T + 60 }),
    ];
    const links = instanceLinks(run(lines, { flowFormat: FORMAT }));
    expect(links.map((l) => [l.instanceId, l.ip, l.time, l.ref])).toEqual([
      ['i-0aaaaaaaaaaaaaaa1', '10.0.1.1', new Date((T + 10) * 1000).toISOString(), 'line:1'],
      ['i-0bbbbbbbbbbbbbbb2', '10.0.2.2', new Date((T + 20) * 1000).toISOString(), 'line:2'],
      ['i-0aaaaaaaaaaaaaaa1', '10.0.1.9', new Date((T + 30) * 1000).toISOString(), 'line:4'],
    ]);
  });

  it('links from every destination and action: internal, trusted, untrusted, rejected; egress stays as it was', () => {
    const lines = [
      line({ dst: '10.0.3.14' }),
      line({ dst: '52.217.160.10', dstPort: 443 }),
      line({ dst: '198.51.100.7', dstPort: 443 }),
      line({ dst: '203.0.113.9', dstPort: 22, action: 'REJECT' }),
    ];
    const t = run(lines, { flowFormat: FORMAT, config: { trustedDestinations: { cidrs: ['52.217.0.0/16'] } } });
    expect(t.signals.map((s) => s.kind)).toEqual(['egress', 'link']);
    expect(egress(t)).toEqual([expect.objectContaining({ dstIp: '198.51.100.7', records: 1, host: { instanceId: 'i-0c1d2e3f4a5b6c7d9', eni: 'eni-0d2e3f4a5b6c7d8e9', ip: '10.0.200.15' } })]);
    expect(instanceLinks(t)).toHaveLength(1);
    expect(t.summary().ignored).toEqual({ 'vpc-flow:internal-destination': 1, 'vpc-flow:not-accepted': 1, 'vpc-flow:trusted-destination': 1 });
  });

  it('never links a peer: ingress records, pkt-srcaddr behind the interface, link-local or public sources', () => {
    const lines = [
      line({ instance: 'i-0aaaaaaaaaaaaaaa1', src: '10.0.200.15', dst: '10.0.1.23', direction: 'ingress' }),
      line({ instance: 'i-0bbbbbbbbbbbbbbb2', src: '10.0.1.23', pktSrc: '10.0.1.57', dst: '10.0.4.8' }),
      line({ instance: 'i-0ccccccccccccccc3', src: '169.254.10.1', dst: '10.0.4.8' }),
      line({ instance: 'i-0ddddddddddddddd4', src: '198.51.100.20', dst: '10.0.4.8' }),
    ];
    const links = instanceLinks(run(lines, { flowFormat: FORMAT }));
    expect(links.map((l) => [l.instanceId, l.ip])).toEqual([['i-0bbbbbbbbbbbbbbb2', '10.0.1.23']]);
  });

  it('takes internalCidrs and carrier-grade NAT addresses, and spells IPv6 one way', () => {
    const lines = [
      line({ instance: 'i-0aaaaaaaaaaaaaaa1', src: '100.64.3.4' }),
      line({ instance: 'i-0bbbbbbbbbbbbbbb2', src: '203.0.113.44' }),
      line({ instance: 'i-0ccccccccccccccc3', src: 'fd00:0:0:0:0:0:0:15', dst: 'fd00::99', start: T + 5 }),
      line({ instance: 'i-0ccccccccccccccc3', src: 'fd00::15', dst: 'fd00::99', start: T + 1 }),
    ];
    const links = instanceLinks(run(lines, { flowFormat: FORMAT, config: { internalCidrs: ['203.0.113.0/24'] } }));
    expect(links.map((l) => [l.instanceId, l.ip, l.time])).toEqual([
      ['i-0aaaaaaaaaaaaaaa1', '100.64.3.4', new Date(T * 1000).toISOString()],
      ['i-0bbbbbbbbbbbbbbb2', '203.0.113.44', new Date(T * 1000).toISOString()],
      ['i-0ccccccccccccccc3', 'fd00::15', new Date((T + 1) * 1000).toISOString()],
    ]);
  });

  it('uses the envelope time when the format has no start, and skips records with no time at all', () => {
    const format = '${instance-id} ${interface-id} ${srcaddr} ${dstaddr} ${flow-direction}';
    const lines = ['i-0aaaaaaaaaaaaaaa1 eni-1 10.0.1.1 10.0.2.2 egress'];
    expect(instanceLinks(run(lines, { flowFormat: format, timestamp: Date.UTC(2026, 10, 2, 2, 0) })).map((l) => l.time)).toEqual(['2026-11-02T02:00:00.000Z']);
    expect(instanceLinks(run(lines, { flowFormat: format }))).toEqual([]);
  });

  it('gives the same pair and earliest start the same id, whatever the order of its records', () => {
    const lines = [line({ start: T + 30 }), line({ start: T }), line({ start: T + 60, dst: '10.0.9.9' })];
    const a = instanceLinks(run(lines, { flowFormat: FORMAT }));
    const b = instanceLinks(run([...lines].reverse(), { flowFormat: FORMAT }));
    expect(a[0]!.id).toBe(b[0]!.id);
    expect(a[0]!.id).not.toBe(instanceLinks(run([line({ start: T + 1 })], { flowFormat: FORMAT }))[0]!.id);
  });

  describe('instanceIpRule.evaluate on one address the batch shows as an instance’s own', () => {
    const address: InstanceAddress = {
      instanceId: 'i-0c1d2e3f4a5b6c7d9',
      ip: '10.0.200.15',
      ipClass: 'internal',
      firstSeenMs: T * 1000,
      ref: 'line:7',
      account: '111122223333',
    };

    it('links an internal address that names one host, named by the pair’s first record', () => {
      expect(instanceIpRule.evaluate(address, { ref: 'ignored' })).toEqual({
        signals: [expect.objectContaining({ link: 'instance-ip', instanceId: 'i-0c1d2e3f4a5b6c7d9', ip: '10.0.200.15', ref: 'line:7', account: '111122223333' })],
      });
    });

    it.each<[string, Partial<InstanceAddress>]>([
      ['a public address', { ip: '198.51.100.7', ipClass: 'untrusted' }],
      ['an unreadable address', { ip: 'x', ipClass: 'invalid' }],
      ['a link-local address', { ip: '169.254.169.254' }],
      ['a loopback address', { ip: '127.0.0.1' }],
      ['an IPv6 link-local address', { ip: 'fe80::1' }],
    ])('gives no signal and no reason for %s (the pair’s records are already counted)', (_n, change) => {
      expect(instanceIpRule.evaluate({ ...address, ...change }, { ref: 'x' })).toBe(NO_SIGNAL);
    });
  });
});
