/** Property-based tests: the normalizer never throws, loses no valid record, and agrees with the rule. */
import fc from 'fast-check';
import { judgeFlow } from '../../../../lambdas/core/rules/vpc-flow/untrusted-egress.rule';
import { classifyAddress, isFlowHeaderLine, isTrustedService, type FlowRecord } from '../../../../lambdas/core/sources/vpc-flow';
import { egress, run, settingsWith } from './helpers';

const settings = settingsWith({ internalCidrs: ['2001:db8:aa::/48'], trustedDestinations: { cidrs: ['203.0.113.0/24'], awsServices: ['S3'] } });

const validEgressLine = (i: number, bytes: number) =>
  `2 123456789012 eni-0a1b2c3d4e5f60718 10.0.1.23 198.51.100.${i} ${40000 + i} 443 6 3 ${bytes} 1700000000 1700000060 ACCEPT OK`;
const template = '2 123456789012 eni-0a1b2c3d4e5f60718 10.0.9.9 192.0.2.77 41000 8443 6 3 999 1700000000 1700000060 ACCEPT OK';

/** Garbage: random text, JSON-ish text, and the template with fields dropped, duplicated or replaced. */
const mutated = fc
  .tuple(fc.nat(13), fc.constantFrom('drop', 'dup', 'replace', 'insert'), fc.string({ maxLength: 12 }))
  .map(([i, op, junk]) => {
    const f = template.split(' ');
    if (op === 'drop') f.splice(i, 1);
    else if (op === 'dup') f.splice(i, 0, f[i]!);
    else if (op === 'replace') f[i] = junk;
    else f.splice(i, 0, junk);
    return f.join(' ');
  });
const garbage = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.string({ maxLength: 200 }),
    mutated,
    fc.json().map((j) => j),
    fc.jsonValue().map((v) => JSON.stringify({ message: v })),
    fc.anything(),
  )
  .filter((g) => !(typeof g === 'string' && isFlowHeaderLine(g))); // a header would legitimately change the format

describe('normalizeVpcFlow properties', () => {
  it('never throws on arbitrary records and counts every non-blank one', () => {
    /**
     * Empty and whitespace-only lines, and wrappers whose message is one, are not counted; a line of
     * control characters is a record (counted as vpc-flow:blank-line: it must not vanish).
     */
    const counted = (r: unknown): boolean => {
      const lead = (x: string) => {
        let i = 0;
        while (i < x.length && x.charCodeAt(i) <= 32) i++;
        return x.slice(i);
      };
      const blank = (x: unknown) => typeof x === 'string' && /^[ \t\r\n]*$/.test(x);
      if (blank(r)) return false;
      let v = r;
      if (typeof r === 'string' && lead(r).startsWith('{')) {
        try {
          v = JSON.parse(r);
        } catch {
          return true;
        }
      }
      const message = typeof v === 'object' && v !== null ? (v as { message?: unknown }).message : undefined;
      return !(typeof v !== 'string' && blank(message));
    };
    fc.assert(
      fc.property(fc.array(fc.oneof(garbage, fc.anything()), { maxLength: 30 }), fc.option(fc.string({ maxLength: 80 }), { nil: undefined }), (records, flowFormat) => {
        const t = run(records, { flowFormat, settings });
        const rejected = [...t.rejected.values()].reduce((a, b) => a + b, 0);
        expect(t.records).toBe(records.filter(counted).length);
        expect(rejected).toBeLessThanOrEqual(t.records);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps every valid egress record when garbage is mixed into the batch', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 254 }), { minLength: 1, maxLength: 12 }),
        fc.array(garbage, { maxLength: 20 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (hosts, junk, seed) => {
          const valid = hosts.map((h) => validEgressLine(h, h * 10));
          const batch: unknown[] = [...junk];
          valid.forEach((line, k) => batch.splice((seed + k * 7919) % (batch.length + 1), 0, line));
          const t = run(batch, { settings });
          const got = egress(t).filter((s) => s.dstIp.startsWith('198.51.100.'));
          expect(got.map((s) => [s.dstIp, s.bytes, s.records]).sort()).toEqual(hosts.map((h) => [`198.51.100.${h}`, h * 10, 1]).sort());
        },
      ),
      { numRuns: 300 },
    );
  });

  describe('the fast paths agree with the rule', () => {
    const FORMAT = '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${tcp-flags} ${flow-direction} ${pkt-dst-aws-service}';
    const addr = fc.constantFrom('10.0.0.5', '172.16.3.4', '172.31.0.9', '172.32.0.1', '192.168.1.1', '100.64.0.9', '169.254.169.254', '198.51.100.7', '203.0.113.9', '52.95.128.179', '2001:db8:aa::5', '2001:db8:bb::5', 'fd00::1', '2a02:cf40::');
    const line = fc.record({
      src: addr,
      dst: addr,
      sport: fc.constantFrom(0, 22, 80, 443, 1023, 1024, 5001, 8080, 32767, 32768, 43418, 65535),
      dport: fc.constantFrom(0, 22, 80, 443, 1023, 1024, 5001, 8080, 32767, 32768, 43418, 65535),
      proto: fc.constantFrom(1, 6, 17, 58),
      flags: fc.constantFrom('-', '0', '1', '2', '3', '4', '18', '19'),
      action: fc.constantFrom('ACCEPT', 'REJECT'),
      status: fc.constantFrom('OK', 'OK', 'OK', 'NODATA', 'SKIPDATA'),
      direction: fc.constantFrom('ingress', 'egress', '-'),
      service: fc.constantFrom('-', 'S3', 'AMAZON'),
    });

    /** A slow, obvious reading of the same line, judged by the rule alone. */
    function reference(l: { src: string; dst: string; sport: number; dport: number; proto: number; flags: string; action: string; status: string; direction: string; service: string }): string {
      const srcClass = classifyAddress(l.src, settings);
      let dstClass = classifyAddress(l.dst, settings);
      if (dstClass === 'untrusted' && isTrustedService(l.service, settings)) dstClass = 'trusted';
      const flow: FlowRecord = {
        logStatus: l.status as FlowRecord['logStatus'],
        action: l.action as FlowRecord['action'],
        direction: l.direction === '-' ? 'absent' : (l.direction as FlowRecord['direction']),
        srcIp: l.src,
        dstIp: l.dst,
        srcClass,
        dstClass,
        srcIsInterface: l.direction === 'egress',
        protocol: l.proto,
        srcPort: l.sport,
        dstPort: l.dport,
        tcpFlags: l.flags === '-' ? -1 : Number(l.flags),
        packets: 1,
        bytes: 1,
        startMs: 0,
        endMs: 0,
        bucketMs: 0,
      };
      return judgeFlow(flow);
    }

    it('yields egress exactly when judgeFlow says so, and otherwise counts judgeFlow\'s reason', () => {
      fc.assert(
        fc.property(line, (l) => {
          const text = `5 123456789012 eni-0a1b2c3d4e5f60718 ${l.status === 'OK' ? `${l.src} ${l.dst} ${l.sport} ${l.dport} ${l.proto} 1 1` : '- - - - - - -'} 1700000000 1700000060 ${l.status === 'OK' ? l.action : '-'} ${l.status} ${l.flags} ${l.direction} ${l.service}`;
          const t = run([text], { flowFormat: FORMAT, settings });
          const want = l.status === 'OK' ? reference(l) : l.status === 'NODATA' ? 'vpc-flow:nodata' : 'vpc-flow:skipdata';
          if (want === 'egress') expect(egress(t)).toHaveLength(1);
          else expect([egress(t).length, [...t.ignored.keys()]]).toEqual([0, [want]]);
        }),
        { numRuns: 3000 },
      );
    });
  });
});
