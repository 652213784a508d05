import { join } from 'node:path';
import { DEFAULT_FLOW_FORMAT } from '../../../../lambdas/core/sources/vpc-flow';
import { egress, FIXTURES_DIR, readFormat, readLines, run, settingsWith } from './helpers';

const fixture = (name: string) => readLines(join(FIXTURES_DIR, name));
const V2 = (src: string, dst: string, sport: number, dport: number, start = 1_700_000_000, extra = 'ACCEPT OK') =>
  `2 123456789012 eni-0a1b2c3d4e5f60718 ${src} ${dst} ${sport} ${dport} 6 10 1000 ${start} ${start + 60} ${extra}`;

describe('normalizeVpcFlow', () => {
  describe('S3 delivery with a header line (fixtures/s3-header-v3.log)', () => {
    const t = run(fixture('s3-header-v3.log'), { refPrefix: 's3-header-v3.log', region: 'eu-central-1' });

    it('takes the format from the header and skips blank lines without counting them', () => {
      expect(t.summary()).toMatchObject({
        records: 8,
        rejected: {},
        ignored: {
          'vpc-flow:header': 1,
          'vpc-flow:external-source': 1, // line 4: reply from 185.199.108.133
          'vpc-flow:internal-destination': 1, // line 5: DNS to 10.1.0.2
          'vpc-flow:not-accepted': 1, // line 8
        },
      });
    });

    it('sums the two SYN flows to 185.199.108.133:443 of one bucket and keeps SSH and the pod flow apart', () => {
      const host = { instanceId: 'i-0feedbeef0000cafe', eni: 'eni-0b1c2d3e4f5a60789' };
      expect(egress(t)).toEqual([
        expect.objectContaining({
          ref: 's3-header-v3.log:2',
          host: { ...host, ip: '10.1.4.17' },
          dstIp: '185.199.108.133',
          dstPort: 443,
          records: 2,
          bytes: 70234,
          packets: 52,
          time: '2023-11-14T22:30:00.000Z',
          firstSeen: '2023-11-14T22:30:00.000Z',
          lastSeen: '2023-11-14T22:31:50.000Z',
          bucket: '2023-11-14T22:30:00.000Z',
          region: 'eu-central-1',
          account: '123456789012',
        }),
        expect.objectContaining({ ref: 's3-header-v3.log:7', dstIp: '140.82.112.3', dstPort: 22, nonStandardPort: true, records: 1, bytes: 2400 }),
        expect.objectContaining({
          ref: 's3-header-v3.log:9',
          srcIp: '10.1.5.201', // pkt-srcaddr: the pod, not the node's 10.1.4.17
          host: { ...host, ip: '10.1.5.201' },
          dstIp: '198.51.100.20',
          time: '2023-11-14T22:31:20.000Z',
        }),
      ]);
    });
  });

  describe('ECS v7 fields in a ${field} format (fixtures/ecs-v7.log)', () => {
    const t = run(fixture('ecs-v7.log'), { flowFormat: readFormat(join(FIXTURES_DIR, 'ecs-v7.format')), refPrefix: 'ecs-v7.log', region: 'us-east-1' });

    it('reads the 24 columns, rejects the short row and ignores NODATA', () => {
      expect(t.summary()).toMatchObject({
        records: 6,
        rejected: { 'vpc-flow:field-count': 1 },
        ignored: { 'vpc-flow:internal-destination': 1, 'vpc-flow:nodata': 1 },
      });
      expect(t.rejectSamples).toEqual([{ reason: 'vpc-flow:field-count', ref: 'ecs-v7.log:5', detail: expect.stringMatching(/^expected 24 fields, got 23: 7 123456789012/) }]);
    });

    it('reports the Fargate task, the EC2-backed task talking to a Docker API port, and a row without interface-id', () => {
      expect(egress(t)).toEqual([
        expect.objectContaining({ ref: 'ecs-v7.log:1', host: { eni: 'eni-0c0ffee0c0ffee001', ip: '10.2.3.44' }, dstIp: '185.199.108.133', dstPort: 443, nonStandardPort: false, bytes: 18230, time: '2023-11-14T22:46:40.000Z' }),
        expect.objectContaining({ ref: 'ecs-v7.log:2', host: { eni: 'eni-0c0ffee0c0ffee002', ip: '10.2.3.45' }, dstIp: '203.0.113.50', dstPort: 2376, nonStandardPort: true }),
        expect.objectContaining({ ref: 'ecs-v7.log:3', host: { ip: '10.2.3.46' }, dstIp: '198.51.100.77', time: '2023-11-14T22:47:00.000Z' }),
      ]);
    });
  });

  describe('v8 reject-reason, flow-direction, tcp-flags, services (fixtures/v8-reject-reason.log)', () => {
    const format = readFormat(join(FIXTURES_DIR, 'v8-reject-reason.format'));
    const lines = fixture('v8-reject-reason.log');

    it('counts the BPA reject, the ingress reply, SKIPDATA and the SYN-ACK reply', () => {
      const t = run(lines, { flowFormat: format, refPrefix: 'v8.log' });
      expect(t.summary()).toMatchObject({
        records: 7,
        rejected: {},
        ignored: { 'vpc-flow:not-accepted': 1, 'vpc-flow:external-source': 1, 'vpc-flow:skipdata': 1, 'vpc-flow:reply': 1 },
        skipData: 1,
      });
    });

    it('reports the IPv4 egress, the egress to the AMAZON service range and the IPv6 host, with the region of the record', () => {
      const t = run(lines, { flowFormat: format, refPrefix: 'v8.log', region: 'us-east-1' });
      const host = { instanceId: 'i-0aaa111122223333b', eni: 'eni-0ddd111122223333a' };
      expect(egress(t)).toEqual([
        expect.objectContaining({ ref: 'v8.log:2', host: { ...host, ip: '10.3.1.10' }, dstIp: '198.51.100.10', region: 'eu-west-1', bytes: 5200, time: '2023-11-14T23:03:25.000Z', lastSeen: '2023-11-14T23:04:10.000Z' }),
        expect.objectContaining({ ref: 'v8.log:4', dstIp: '52.94.76.10', dstService: 'AMAZON' }),
        expect.objectContaining({
          ref: 'v8.log:7',
          srcIp: '2a05:d018:1a2b:3c00::17', // written uncompressed in the record
          host: { ...host, ip: '2a05:d018:1a2b:3c00::17' },
          dstIp: '2606:4700:4700::1111',
          dstPort: 443,
        }),
      ]);
    });

    it('drops the AMAZON flow when AMAZON is a trusted service', () => {
      const t = run(lines, { flowFormat: format, config: { trustedDestinations: { awsServices: ['AMAZON'] } } });
      expect(egress(t).map((s) => s.dstIp)).toEqual(['198.51.100.10', '2606:4700:4700::1111']);
      expect(t.ignored.get('vpc-flow:trusted-destination')).toBe(1);
    });
  });

  describe('lines wrapped as {"message": "…"} (fixtures/cwl-json-wrapped.log)', () => {
    it('unwraps messages, rejects what is not a line, skips blank lines and blank messages', () => {
      const t = run(fixture('cwl-json-wrapped.log'), { refPrefix: 'wrapped.log' });
      expect(t.summary()).toMatchObject({
        records: 4,
        rejected: { 'vpc-flow:not-a-flow-line': 1, 'vpc-flow:invalid-json': 1 },
        ignored: { 'vpc-flow:internal-destination': 1 },
      });
      expect(egress(t)).toEqual([expect.objectContaining({ ref: 'wrapped.log:1', dstIp: '198.51.100.40', time: '2023-11-14T23:20:00.000Z', bucket: '2023-11-14T23:20:00.000Z' })]);
    });

    it('accepts already-parsed {message} objects', () => {
      const t = run([{ message: V2('10.0.0.5', '198.51.100.1', 50000, 443) }]);
      expect(egress(t)).toHaveLength(1);
    });
  });

  describe('formats', () => {
    it('uses the default v2 format when none is given', () => {
      expect(DEFAULT_FLOW_FORMAT.split(' ')).toHaveLength(14);
      expect(egress(run([V2('10.0.0.5', '198.51.100.1', 50000, 443)]))).toHaveLength(1);
    });

    it('lets a header line switch the format for the lines after it', () => {
      const t = run([
        V2('10.0.0.5', '198.51.100.1', 50000, 443),
        'srcaddr dstaddr action',
        '10.0.0.6 198.51.100.2 ACCEPT',
        V2('10.0.0.5', '198.51.100.1', 50000, 443),
      ], { timestamp: Date.UTC(2024, 4, 1) });
      expect(egress(t).map((s) => [s.ref, s.srcIp, s.time])).toEqual([
        ['line:1', '10.0.0.5', '2023-11-14T22:13:20.000Z'],
        ['line:3', '10.0.0.6', '2024-05-01T00:00:00.000Z'], // no start column: the envelope time
      ]);
      expect(t.rejected.get('vpc-flow:field-count')).toBe(1); // line 4 no longer fits
    });

    it('rejects every line when the configured format names an unknown field, with the field in the detail', () => {
      const t = run([V2('10.0.0.5', '198.51.100.1', 50000, 443), V2('10.0.0.6', '198.51.100.1', 50000, 443)], { flowFormat: '${version} ${bogus-field}' });
      expect(t.summary()).toMatchObject({ records: 2, rejected: { 'vpc-flow:invalid-format': 2 } });
      expect(t.rejectSamples[0]!.detail).toContain('unknown flow-log field "bogus-field"');
    });

    it('rejects a header with an unknown field and the lines it governs, until a valid header', () => {
      const t = run(['version srcaddr resource-type', '2 10.0.0.5 x', 'srcaddr dstaddr', '10.0.0.5 198.51.100.9'], { timestamp: Date.UTC(2024, 0, 1) });
      expect(t.summary()).toMatchObject({ records: 4, rejected: { 'vpc-flow:invalid-header': 1, 'vpc-flow:invalid-format': 1 }, ignored: { 'vpc-flow:header': 1 } });
      expect(t.rejectSamples[0]).toEqual({ reason: 'vpc-flow:invalid-header', ref: 'line:1', detail: 'header line: unknown flow-log field "resource-type"' });
      expect(egress(t)).toHaveLength(1);
    });
  });

  describe('rejects and edge cases', () => {
    it('rejects lines with the wrong number of fields and keeps going', () => {
      const t = run(['2 123 eni-1 10.0.0.5', V2('10.0.0.5', '198.51.100.1', 50000, 443) + ' extra', V2('10.0.0.5', '198.51.100.1', 50000, 443)]);
      expect(t.summary()).toMatchObject({ records: 3, rejected: { 'vpc-flow:field-count': 2 } });
      expect(egress(t)).toHaveLength(1);
    });

    it('rejects candidate records with unreadable numbers or addresses', () => {
      const t = run([
        V2('10.0.0.5', '198.51.100.1', 50000, 443).replace(' 6 10 1000 ', ' 6 ten 1000 '),
        V2('10.0.0.5', '198.51.100.1', 50000, 70000),
        V2('10.0.0.5', '198.51.100.1', 50000, 443, 99_999_999_999_999),
        V2('10.0.0.5', '198.51.100.999', 50000, 443),
        V2('not-an-ip', '198.51.100.1', 50000, 443),
      ]);
      expect(t.summary()).toMatchObject({ records: 5, rejected: { 'vpc-flow:invalid-number': 3, 'vpc-flow:invalid-address': 2 } });
      expect(t.rejectSamples.map((r) => r.detail)).toEqual([
        'packets "ten"',
        'dstport "70000"',
        'start "99999999999999"',
        'source "10.0.0.5", destination "198.51.100.999"',
        'source "not-an-ip", destination "198.51.100.1"',
      ]);
    });

    it('rejects records that are not strings', () => {
      const t = run([42, null, ['a'], V2('10.0.0.5', '198.51.100.1', 50000, 443)]);
      expect(t.summary()).toMatchObject({ records: 4, rejected: { 'vpc-flow:not-a-flow-line': 3 } });
      expect(egress(t)).toHaveLength(1);
    });

    it('falls back to the batch account when account-id is "unknown" or "-"', () => {
      const t = run([V2('10.0.0.5', '198.51.100.1', 50000, 443).replace('123456789012', 'unknown')], { account: '210987654321' });
      expect(egress(t)[0]).toMatchObject({ account: '210987654321' });
    });

    it('counts an OK row without addresses as no-address and one without any time as no-time', () => {
      const t = run(['2 123 eni-1 - - 1 2 6 1 1 1700000000 1700000060 ACCEPT OK'], { flowFormat: DEFAULT_FLOW_FORMAT });
      expect(t.summary()).toMatchObject({ records: 1, rejected: {}, ignored: { 'vpc-flow:no-address': 1 } });
      const u = run(['10.0.0.5 198.51.100.1'], { flowFormat: 'srcaddr dstaddr' });
      expect(u.summary()).toMatchObject({ records: 1, rejected: {}, ignored: { 'vpc-flow:no-time': 1 } });
    });

    it('counts an unknown log-status instead of guessing', () => {
      const t = run([V2('10.0.0.5', '198.51.100.1', 50000, 443, 1_700_000_000, 'ACCEPT PARTIAL')]);
      expect(t.ignored.get('vpc-flow:unknown-log-status')).toBe(1);
    });

    it('keeps forwarded traffic seen on a NAT gateway ENI (ingress from the instance) and drops the translated reply', () => {
      const format = 'interface-id srcaddr dstaddr pkt-srcaddr pkt-dstaddr srcport dstport protocol start end action log-status flow-direction tcp-flags';
      const t = run([
        'eni-0a7a7a7a7a7a7a7a7 10.0.1.5 10.0.0.220 10.0.1.5 203.0.113.5 41000 443 6 1700000000 1700000060 ACCEPT OK ingress 2',
        'eni-0a7a7a7a7a7a7a7a7 10.0.0.220 10.0.1.5 203.0.113.5 10.0.1.5 443 41000 6 1700000000 1700000060 ACCEPT OK egress 18',
      ], { flowFormat: format });
      expect(egress(t)).toEqual([expect.objectContaining({ host: { eni: 'eni-0a7a7a7a7a7a7a7a7', ip: '10.0.1.5' }, srcIp: '10.0.1.5', dstIp: '203.0.113.5', dstPort: 443 })]);
      // egress direction, but pkt-srcaddr (the internet host) differs from srcaddr: not the interface's own traffic
      expect(t.ignored.get('vpc-flow:external-source')).toBe(1);
    });

    it('splits aggregation at bucket boundaries (timeWindowMinutes)', () => {
      const lines = [V2('10.0.0.5', '198.51.100.1', 50000, 443, 1_700_000_000), V2('10.0.0.5', '198.51.100.1', 50001, 443, 1_700_000_100)];
      expect(egress(run(lines)).map((s) => s.bucket)).toEqual(['2023-11-14T22:10:00.000Z', '2023-11-14T22:15:00.000Z']);
      expect(egress(run(lines, { config: { timeWindowMinutes: 60 } })).map((s) => [s.bucket, s.records])).toEqual([['2023-11-14T22:00:00.000Z', 2]]);
    });

    it('gives the same ids and sums whatever the order or the batching of the records', () => {
      const lines = [
        V2('10.0.0.5', '198.51.100.1', 50000, 443, 1_700_000_000),
        V2('10.0.0.5', '198.51.100.1', 50001, 443, 1_700_000_030),
        V2('10.0.0.6', '198.51.100.1', 50002, 443, 1_700_000_010),
      ];
      const settings = settingsWith({});
      const a = egress(run(lines, { settings }));
      const b = egress(run([...lines].reverse(), { settings }));
      const byId = (xs: typeof a) => Object.fromEntries(xs.map((s) => [s.id, [s.records, s.bytes, s.firstSeen, s.lastSeen]]));
      expect(byId(b)).toEqual(byId(a));
      const split = [...egress(run(lines.slice(0, 1), { settings })), ...egress(run(lines.slice(1), { settings }))];
      expect(new Set(split.map((s) => s.id))).toEqual(new Set(a.map((s) => s.id)));
    });
  });
});
