/**
 * Every VPC flow-log sample of the shared corpus (/work/shared/corpus/vpcflow), read with its
 * sibling .format file, with what each line must become.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR, egress, instanceLinks, readFormat, readLines, run, settingsWith } from './helpers';

function corpus(name: string) {
  return { lines: readLines(join(CORPUS_DIR, `${name}.log`)), flowFormat: readFormat(join(CORPUS_DIR, `${name}.format`)), refPrefix: `${name}.log` };
}

const COVERED = [
  'awsdocs-default-v2-examples',
  'awsdocs-nat-gateway-custom',
  'awsdocs-v3-tcp-flag-sequence',
  'awsdocs-v3-transit-gateway',
  'awsdocs-v5-traffic-path',
];

describe('VPC flow-log corpus', () => {
  it('covers every .log file of the corpus', () => {
    const files = readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.log')).map((f) => f.replace(/\.log$/, ''));
    expect(files.sort()).toEqual(COVERED);
  });

  describe('awsdocs-default-v2-examples (default format)', () => {
    const c = corpus('awsdocs-default-v2-examples');

    it('finds no egress and counts every line: SSH inside the VPC, RDP/ICMP rejects, NODATA, SKIPDATA, inbound ICMP, IPv6', () => {
      const t = run(c.lines, c);
      expect(t.summary()).toEqual({
        records: 7,
        signals: { build: 0, egress: 0, push: 0, deploy: 0, link: 0, capability: 0, scan: 0 }, // v2 names no instance: no instance-ip link
        rejected: {},
        ignored: {
          'vpc-flow:internal-destination': 1, // line 1 172.31.16.139 → 172.31.16.21:22
          'vpc-flow:not-accepted': 2, // line 2 RDP, line 6 ICMP reply
          'vpc-flow:nodata': 1, // line 3
          'vpc-flow:skipdata': 1, // line 4
          'vpc-flow:external-source': 2, // line 5 ICMP from 203.0.113.12; line 7 IPv6 2001:db8:… is not in any internal CIDR by default
        },
        skipData: 1,
      });
    });

    it('reports the IPv6 SSH flow (line 7) as egress once only the source /64 is declared internal', () => {
      const t = run(c.lines, { ...c, config: { internalCidrs: ['2001:db8:1234:a100::/64'] } });
      expect(egress(t)).toEqual([
        expect.objectContaining({
          ref: 'awsdocs-default-v2-examples.log:7',
          srcIp: '2001:db8:1234:a100:8d6e:3477:df66:f105',
          dstIp: '2001:db8:1234:a102:3304:8879:34cf:4071',
          dstPort: 22,
          protocol: 6,
          packets: 54,
          bytes: 8855,
          nonStandardPort: true,
          account: '123456789010',
          host: { eni: 'eni-1235b8ca123456789', ip: '2001:db8:1234:a100:8d6e:3477:df66:f105' },
          time: '2016-10-31T11:35:08.000Z',
          lastSeen: '2016-10-31T11:37:00.000Z',
        }),
      ]);
    });

    it('calls the IPv6 flow internal when the whole VPC block is declared', () => {
      const t = run(c.lines, { ...c, config: { internalCidrs: ['2001:db8:1234::/48'] } });
      expect(egress(t)).toHaveLength(0);
      expect(t.ignored.get('vpc-flow:internal-destination')).toBe(2);
    });
  });

  describe('awsdocs-nat-gateway-custom (custom format without version, action or time)', () => {
    const c = corpus('awsdocs-nat-gateway-custom');

    it('without an envelope time, counts the three outbound lines as no-time and the three inbound ones as external', () => {
      const t = run(c.lines, c);
      expect(t.summary()).toMatchObject({
        records: 6,
        rejected: {},
        ignored: { 'vpc-flow:no-time': 3, 'vpc-flow:external-source': 3 },
      });
    });

    it('with the CloudWatch Logs event time, reports the instance behind the NAT (pkt-srcaddr), the NAT itself and the instance ENI', () => {
      const t = run(c.lines, { ...c, account: '123456789010', timestamp: Date.UTC(2024, 0, 2, 3, 4, 5) });
      const common = { dstIp: '203.0.113.5', dstPort: 0, protocol: 0, bytes: 0, packets: 0, nonStandardPort: false, account: '123456789010', time: '2024-01-02T03:04:05.000Z', bucket: '2024-01-02T03:00:00.000Z' };
      expect(egress(t)).toEqual([
        expect.objectContaining({ ...common, ref: 'awsdocs-nat-gateway-custom.log:1', srcIp: '10.0.1.5', host: { eni: 'eni-1235b8ca123456789', ip: '10.0.1.5' } }),
        expect.objectContaining({ ...common, ref: 'awsdocs-nat-gateway-custom.log:2', srcIp: '10.0.0.220', host: { eni: 'eni-1235b8ca123456789', ip: '10.0.0.220' } }),
        expect.objectContaining({
          ...common,
          ref: 'awsdocs-nat-gateway-custom.log:5',
          srcIp: '10.0.1.5',
          host: { instanceId: 'i-01234567890123456', eni: 'eni-1111aaaa2222bbbb3', ip: '10.0.1.5' },
        }),
      ]);
      // line 4: 10.0.0.220 → 10.0.1.5 but pkt-srcaddr 203.0.113.5: the internet answering through the NAT
      expect(t.ignored.get('vpc-flow:external-source')).toBe(3);
      // line 5 names the instance; the NAT gateway's lines name none.
      expect(instanceLinks(t)).toEqual([
        expect.objectContaining({ ref: 'awsdocs-nat-gateway-custom.log:5', instanceId: 'i-01234567890123456', ip: '10.0.1.5', time: '2024-01-02T03:04:05.000Z', account: '123456789010' }),
      ]);
    });
  });

  describe('awsdocs-v3-tcp-flag-sequence (v3, tcp-flags, a double space on the last line)', () => {
    const c = corpus('awsdocs-v3-tcp-flag-sequence');

    it('sees the internet client 52.213.180.42 opening connections to port 5001 and the host only replying', () => {
      const t = run(c.lines, c);
      expect(t.summary()).toEqual({
        records: 8,
        signals: { build: 0, egress: 0, push: 0, deploy: 0, link: 1, capability: 0, scan: 0 },
        rejected: {},
        // lines 1, 3, 6, 7: from 52.213.180.42; lines 2, 4 (SYN-ACK 18), 5 (FIN, 5001 → 43418), 8 (19, double space)
        ignored: { 'vpc-flow:external-source': 4, 'vpc-flow:reply': 4 },
        skipData: 0,
      });
    });

    it('links the instance to its own address from its replies (no flow-direction: internal source, internet destination), once', () => {
      const t = run(c.lines, c);
      expect(instanceLinks(t)).toEqual([
        {
          kind: 'link',
          id: expect.stringMatching(/^[0-9a-f]{32}$/),
          rule: 'instance-ip',
          time: '2019-08-26T19:47:55.000Z',
          source: 'vpc-flow',
          ref: 'awsdocs-v3-tcp-flag-sequence.log:2',
          account: '123456789010',
          host: { instanceId: 'i-01234567890123456', ip: '10.0.0.62' },
          link: 'instance-ip',
          instanceId: 'i-01234567890123456',
          ip: '10.0.0.62',
        },
      ]);
    });

    it('would report the host side as egress if the SYN came from it: flags decide, not addresses', () => {
      const swapped = c.lines.map((l) => l.replace(' ACCEPT 18 ', ' ACCEPT 2 '));
      const t = run(swapped, c);
      expect(egress(t)).toEqual([
        expect.objectContaining({
          ref: 'awsdocs-v3-tcp-flag-sequence.log:2',
          srcIp: '10.0.0.62',
          dstIp: '52.213.180.42',
          dstPort: 43416,
          records: 1,
          bytes: 376,
          host: { instanceId: 'i-01234567890123456', eni: 'eni-1235b8ca123456789', ip: '10.0.0.62' },
        }),
        expect.objectContaining({ ref: 'awsdocs-v3-tcp-flag-sequence.log:4', dstPort: 43418, bytes: 632, packets: 12 }),
      ]);
    });
  });

  describe('awsdocs-v3-transit-gateway (interface-id second, no times)', () => {
    it('reads the reordered columns and counts all four lines as internal traffic', () => {
      const c = corpus('awsdocs-v3-transit-gateway');
      const t = run(c.lines, c);
      expect(t.summary()).toMatchObject({ records: 4, rejected: {}, ignored: { 'vpc-flow:internal-destination': 4 } });
    });

    it('links no instance from internal → internal records without flow-direction: either side may be the instance', () => {
      const c = corpus('awsdocs-v3-transit-gateway');
      expect(instanceLinks(run(c.lines, { ...c, timestamp: Date.UTC(2024, 0, 1, 0, 7) }))).toEqual([]);
    });

    it('reads pkt-srcaddr/pkt-dstaddr from their reordered columns (line 3 with its pkt-dstaddr made public)', () => {
      const c = corpus('awsdocs-v3-transit-gateway');
      const lines = c.lines.map((l, i) => (i === 2 ? l.replace('10.20.33.164 10.40.2.236 ACCEPT', '10.20.33.164 198.51.100.9 ACCEPT') : l));
      const t = run(lines, { ...c, timestamp: Date.UTC(2024, 0, 1, 0, 7) });
      expect(egress(t)).toEqual([
        expect.objectContaining({
          ref: 'awsdocs-v3-transit-gateway.log:3',
          srcIp: '10.20.33.164', // pkt-srcaddr, not the TGW attachment ENI's 10.40.1.175
          dstIp: '198.51.100.9',
          dstPort: 80,
          protocol: 6,
          host: { eni: 'eni-11111111111111111', ip: '10.20.33.164' }, // instance-id '-'
          account: '123456789010',
          time: '2024-01-01T00:07:00.000Z',
          bucket: '2024-01-01T00:05:00.000Z',
        }),
      ]);
    });
  });

  describe('awsdocs-v5-traffic-path (v5, S3 service names, flow-direction)', () => {
    const c = corpus('awsdocs-v5-traffic-path');

    it('reports the egress line to S3 with its service and region, and the ingress reply as external', () => {
      const t = run(c.lines, { ...c, region: 'us-east-1' });
      expect(t.ignored.get('vpc-flow:external-source')).toBe(1);
      expect(egress(t)).toEqual([
        {
          kind: 'egress',
          id: expect.stringMatching(/^[0-9a-f]{32}$/),
          rule: 'untrusted-egress',
          source: 'vpc-flow',
          ref: 'awsdocs-v5-traffic-path.log:2',
          time: '2021-03-26T03:28:12.000Z',
          account: '123456789012',
          region: 'ap-southeast-2',
          host: { instanceId: 'i-0c50d5961bcb2d47b', eni: 'eni-1235b8ca123456789', ip: '10.0.0.71' },
          srcIp: '10.0.0.71',
          dstIp: '52.95.128.179',
          dstPort: 80,
          protocol: 6,
          bytes: 471,
          packets: 7,
          records: 1,
          firstSeen: '2021-03-26T03:28:12.000Z',
          lastSeen: '2021-03-26T03:29:09.000Z',
          bucket: '2021-03-26T03:25:00.000Z',
          nonStandardPort: false,
          dstService: 'S3',
        },
      ]);
    });

    it('drops it when S3 is a trusted service', () => {
      const t = run(c.lines, { ...c, settings: settingsWith({ trustedDestinations: { awsServices: ['S3'] } }) });
      expect(egress(t)).toHaveLength(0);
      expect(t.ignored.get('vpc-flow:trusted-destination')).toBe(1);
      // The destination does not matter to the link: the egress line (flow-direction egress) names the instance's address.
      expect(instanceLinks(t)).toEqual([
        expect.objectContaining({ ref: 'awsdocs-v5-traffic-path.log:2', instanceId: 'i-0c50d5961bcb2d47b', ip: '10.0.0.71', region: 'ap-southeast-2', time: '2021-03-26T03:28:12.000Z' }),
      ]);
    });
  });
});
