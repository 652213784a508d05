import { flowInitiator } from '../../../lambdas/core/rules/vpc-flow/flow-initiator';
import {
  addressVerdict,
  egressSignal,
  FLOW_IGNORE,
  judgeFlow,
  statusVerdict,
  untrustedEgressRule,
} from '../../../lambdas/core/rules/vpc-flow/untrusted-egress.rule';
import type { FlowRecord } from '../../../lambdas/core/sources/vpc-flow';

const ABSENT = -1;

describe('flowInitiator: the decision table, row by row', () => {
  describe('row 1: TCP with SYN and without ACK → syn (the source opened it)', () => {
    it.each([
      [2, 'SYN'],
      [3, 'SYN+FIN (short connection within one interval)'],
      [6, 'SYN+RST'],
      [7, 'SYN+RST+FIN'],
    ])('tcp-flags %i (%s)', (flags) => {
      expect(flowInitiator(6, flags, 43416, 5001)).toBe('syn');
    });

    it('wins over reply-looking ports (SYN sent from source port 443)', () => {
      expect(flowInitiator(6, 2, 443, 51234)).toBe('syn');
    });
  });

  describe('row 2: TCP with SYN-ACK → syn-ack (the source answered)', () => {
    it.each([
      [18, 'SYN-ACK'],
      [19, 'SYN-ACK+FIN'],
      [22, 'SYN-ACK+RST'],
      [23, 'SYN-ACK+RST+FIN'],
    ])('tcp-flags %i (%s)', (flags) => {
      expect(flowInitiator(6, flags, 5001, 43416)).toBe('syn-ack');
    });

    it('wins over client-looking ports', () => {
      expect(flowInitiator(6, 18, 49832, 443)).toBe('syn-ack');
    });
  });

  describe('row 3: no SYN in the interval, service port → ephemeral port → reply-ports', () => {
    it.each([
      [6, 1, 443, 51234, 'HTTPS server FIN'],
      [6, 0, 80, 1024, 'HTTP server, lowest ephemeral'],
      [6, ABSENT, 22, 60000, 'SSH server, no tcp-flags column'],
      [6, 4, 443, 40000, 'RST from a server'],
      [17, 0, 53, 40000, 'DNS server answering over UDP'],
      [6, 1, 5001, 43418, 'registered port 5001 → Linux ephemeral (AWS docs sequence)'],
      [6, ABSENT, 8080, 49152, 'registered port → IANA ephemeral'],
      [17, 18, 443, 51234, 'UDP: tcp-flags are not read, ports decide'],
    ])('protocol %i flags %i %i → %i (%s)', (proto, flags, src, dst) => {
      expect(flowInitiator(proto, flags, src, dst)).toBe('reply-ports');
    });
  });

  describe('row 4: anything else → undetermined (reported as egress)', () => {
    it.each([
      [6, ABSENT, 49832, 443, 'client ephemeral → HTTPS'],
      [6, 1, 43418, 5001, 'client FIN to a registered port'],
      [6, ABSENT, 5000, 8080, 'registered → registered'],
      [6, ABSENT, 40000, 50000, 'ephemeral → ephemeral'],
      [1, 0, 0, 0, 'ICMP'],
      [17, 0, 123, 123, 'NTP'],
      [ABSENT, ABSENT, ABSENT, ABSENT, 'a format without ports or protocol'],
    ])('protocol %i flags %i %i → %i (%s)', (proto, flags, src, dst) => {
      expect(flowInitiator(proto, flags, src, dst)).toBe('undetermined');
    });
  });
});

describe('untrusted-egress steps', () => {
  it('statusVerdict: NODATA, SKIPDATA, unknown status and non-ACCEPT actions stop the record', () => {
    expect(statusVerdict('NODATA', 'other')).toBe(FLOW_IGNORE.nodata);
    expect(statusVerdict('SKIPDATA', 'other')).toBe(FLOW_IGNORE.skipdata);
    expect(statusVerdict('other', 'ACCEPT')).toBe(FLOW_IGNORE.unknownStatus);
    expect(statusVerdict('OK', 'REJECT')).toBe(FLOW_IGNORE.notAccepted);
    expect(statusVerdict('OK', 'other')).toBe(FLOW_IGNORE.notAccepted);
    expect(statusVerdict('OK', 'ACCEPT')).toBeUndefined();
    expect(statusVerdict('absent', 'absent')).toBeUndefined(); // NAT gateway custom format: no action column
  });

  it('addressVerdict: source ours, destination untrusted', () => {
    expect(addressVerdict('untrusted', false, 'internal')).toBe(FLOW_IGNORE.externalSource);
    expect(addressVerdict('trusted', false, 'untrusted')).toBe(FLOW_IGNORE.externalSource);
    expect(addressVerdict('untrusted', true, 'untrusted')).toBeUndefined(); // flow-direction egress: the interface itself
    expect(addressVerdict('internal', false, 'internal')).toBe(FLOW_IGNORE.internalDestination);
    expect(addressVerdict('internal', false, 'trusted')).toBe(FLOW_IGNORE.trustedDestination);
    expect(addressVerdict('internal', false, 'invalid')).toBe(FLOW_IGNORE.invalidAddress);
    expect(addressVerdict('internal', false, 'untrusted')).toBeUndefined();
  });
});

const flow: FlowRecord = {
  logStatus: 'OK',
  action: 'ACCEPT',
  direction: 'absent',
  srcIp: '10.0.1.23',
  dstIp: '198.51.100.7',
  srcClass: 'internal',
  dstClass: 'untrusted',
  srcIsInterface: false,
  protocol: 6,
  srcPort: 49832,
  dstPort: 443,
  tcpFlags: -1,
  packets: 12,
  bytes: 5120,
  startMs: 1_700_000_000_000,
  endMs: 1_700_000_060_000,
  bucketMs: 1_699_999_800_000,
  account: '123456789012',
  region: 'us-east-1',
  instanceId: 'i-0abc1234def567890',
  eni: 'eni-0a1b2c3d4e5f60718',
};

describe('untrustedEgressRule.evaluate', () => {
  it('turns one accepted outbound record into a one-record egress signal', () => {
    const outcome = untrustedEgressRule.evaluate(flow, { ref: 'cwl:vpc/eni#1' });
    expect('signals' in outcome && outcome.signals).toHaveLength(1);
    expect('signals' in outcome && outcome.signals[0]).toEqual({
      kind: 'egress',
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      rule: 'untrusted-egress',
      time: '2023-11-14T22:13:20.000Z',
      source: 'vpc-flow',
      ref: 'cwl:vpc/eni#1',
      account: '123456789012',
      region: 'us-east-1',
      host: { instanceId: 'i-0abc1234def567890', eni: 'eni-0a1b2c3d4e5f60718', ip: '10.0.1.23' },
      srcIp: '10.0.1.23',
      dstIp: '198.51.100.7',
      dstPort: 443,
      protocol: 6,
      bytes: 5120,
      packets: 12,
      records: 1,
      firstSeen: '2023-11-14T22:13:20.000Z',
      lastSeen: '2023-11-14T22:14:20.000Z',
      bucket: '2023-11-14T22:10:00.000Z',
      nonStandardPort: false,
    });
  });

  it.each<[string, Partial<FlowRecord>, string]>([
    ['a reply (443 → ephemeral)', { srcPort: 443, dstPort: 51234 }, FLOW_IGNORE.reply],
    ['a SYN-ACK', { tcpFlags: 18 }, FLOW_IGNORE.reply],
    ['REJECT', { action: 'REJECT' }, FLOW_IGNORE.notAccepted],
    ['NODATA', { logStatus: 'NODATA' }, FLOW_IGNORE.nodata],
    ['a trusted destination', { dstClass: 'trusted' }, FLOW_IGNORE.trustedDestination],
    ['an internal destination', { dstClass: 'internal' }, FLOW_IGNORE.internalDestination],
    ['an inbound flow', { srcClass: 'untrusted', dstClass: 'internal' }, FLOW_IGNORE.externalSource],
  ])('ignores %s, with the reason the normalizer counts', (_label, change, reason) => {
    expect(judgeFlow({ ...flow, ...change })).toBe(reason);
    expect(untrustedEgressRule.evaluate({ ...flow, ...change }, { ref: 'x' })).toEqual({ ignore: reason });
  });

  it('returns one shared outcome per ignore reason (no allocation per ignored record)', () => {
    const reply = { ...flow, srcPort: 443, dstPort: 51234 };
    expect(untrustedEgressRule.evaluate(reply, { ref: 'a' })).toBe(untrustedEgressRule.evaluate({ ...reply, bytes: 1 }, { ref: 'b' }));
  });

  it('writes unknown port and protocol as 0 and does not call an unknown port non-standard', () => {
    const s = egressSignal({ ...flow, dstPort: -1, protocol: -1 }, 'r');
    expect(s).toMatchObject({ dstPort: 0, protocol: 0, nonStandardPort: false });
    expect(egressSignal({ ...flow, dstPort: 0, protocol: 1 }, 'r')).toMatchObject({ dstPort: 0, protocol: 1, nonStandardPort: true });
  });

  it('derives the id from host, destination, port, protocol and bucket only', () => {
    const a = egressSignal(flow, 'r');
    expect(egressSignal({ ...flow, bytes: 1, srcPort: 50000, startMs: 1_700_000_100_000, endMs: 1_700_000_100_000 }, 'other').id).toBe(a.id);
    expect(egressSignal({ ...flow, dstPort: 8443 }, 'r').id).not.toBe(a.id);
    expect(egressSignal({ ...flow, bucketMs: 1_700_000_100_000 }, 'r').id).not.toBe(a.id);
    expect(egressSignal({ ...flow, eni: 'eni-other' }, 'r').id).not.toBe(a.id);
  });
});
