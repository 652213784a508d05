/**
 * Properties of normalizeHostLogs: arbitrary and mutated lines never throw out of it, every line is
 * counted, and valid build lines mixed into garbage all still come out.
 */
import fc from 'fast-check';
import { looksLikeHostLogLine } from '../../../../lambdas/core/sources/host';
import { runLines } from './host-test-helpers';

const VALID = [
  'DEBU[2020-08-08T21:41:30.468126840+08:00] Calling POST /v1.40/build?t=myimg%3Alatest&version=1 ',
  'time="2021-07-28T10:21:21.123Z" level=debug msg="Calling POST /v1.41/build?t=app%3A1&version=2"',
  'Nov 02 14:23:10 ip-10-0-1-5 dockerd[1234]: time="2021-11-02T14:23:10Z" level=debug msg="Calling POST /v1.41/images/reg.io%2Fapp/push?tag=v1"',
  'node=ip-10-0-1-9 type=SYSCALL msg=audit(1700000001.500:200): syscall=59 success=yes auid=1001 uid=0 exe="/usr/bin/docker"\x1dAUID="alice"',
  'node=ip-10-0-1-9 type=EXECVE msg=audit(1700000001.500:200): argc=4 a0="docker" a1="build" a2_len=9 a2[0]="--tag=a" a2[1]=3A31 a3="."',
  'type=PROCTITLE msg=audit(1686666551.525:28860764): proctitle=64617368002D70',
  '6月 01 14:23:10 ip-10-0-1-5 dockerd[1234]: Calling POST /v1.43/grpc',
];

/** A valid line with one character replaced, inserted or removed, or cut short. */
const mutated = fc
  .tuple(fc.constantFrom(...VALID), fc.nat(), fc.string({ maxLength: 3, unit: 'binary' }), fc.constantFrom('replace', 'insert', 'delete', 'truncate'))
  .map(([line, pos, s, op]) => {
    const i = pos % (line.length + 1);
    if (op === 'replace') return line.slice(0, i) + s + line.slice(i + 1);
    if (op === 'insert') return line.slice(0, i) + s + line.slice(i);
    if (op === 'delete') return line.slice(0, i) + line.slice(i + 1);
    return line.slice(0, i);
  });

const anyLine = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ maxLength: 200 }), mutated, fc.constantFrom(...VALID));
const anyValue = fc.oneof(anyLine, fc.constant(null), fc.integer(), fc.object() as fc.Arbitrary<unknown>);

describe('normalizeHostLogs (properties)', () => {
  it('never throws and counts every record, whatever the lines', () => {
    fc.assert(
      fc.property(fc.array(anyValue, { maxLength: 40 }), fc.option(fc.integer({ min: 0, max: 4e12 }), { nil: undefined }), (lines, envelope) => {
        const tally = runLines(lines, { logStream: 'i-0123456789abcdef0' }, envelope);
        expect(tally.records).toBe(lines.length);
        for (const s of tally.signals) {
          expect(s.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
          expect(s.id).toMatch(/^[0-9a-f]{32}$/);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('sniffs any string without throwing', () => {
    fc.assert(
      fc.property(anyLine, (line) => {
        expect([undefined, 'dockerd', 'auditd']).toContain(looksLikeHostLogLine(line));
      }),
    );
  });

  it('keeps every valid dockerd build among garbage, and its id', () => {
    const build = (n: number) => `time="2024-01-02T03:04:${String(n % 60).padStart(2, '0')}.${String(n).padStart(3, '0')}Z" level=debug msg="Calling POST /v1.44/build?t=app%3A${n}&version=1"`;
    const garbage = fc.string({ unit: 'binary', maxLength: 120 }).filter((s) => !s.includes('type=') && !s.includes('docker') && !s.startsWith('time=') && !s.startsWith('{'));
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 999 }), { minLength: 1, maxLength: 10 }), fc.array(garbage, { maxLength: 20 }), fc.nat(), (ns, noise, seed) => {
        const lines: string[] = [...noise];
        ns.forEach((n, k) => lines.splice((seed + k * 7) % (lines.length + 1), 0, build(n)));
        const alone = runLines(ns.map(build)).signals;
        const mixed = runLines(lines).signals;
        expect(mixed.map((s) => s.image).sort()).toEqual(ns.map((n) => `docker.io/library/app:${n}`).sort());
        expect(new Set(mixed.map((s) => s.id))).toEqual(new Set(alone.map((s) => s.id)));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps every audited build among garbage and other events', () => {
    const exec = (n: number) => `type=EXECVE msg=audit(1700000000.${String(n).padStart(3, '0')}:${n}): argc=4 a0="docker" a1="build" a2="-t" a3="app:${n}"`;
    const other = (n: number) => `type=EXECVE msg=audit(1700000000.000:${10000 + n}): argc=2 a0="ls" a1="-l"`;
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 999 }), { minLength: 1, maxLength: 10 }), fc.array(fc.oneof(fc.string({ maxLength: 80 }), fc.nat(50).map(other)), { maxLength: 20 }), (ns, noise) => {
        const tally = runLines([...ns.map(exec), ...noise].sort((a, b) => (a.length * 31 + a.charCodeAt(0)) % 7 - ((b.length * 31 + b.charCodeAt(0)) % 7)));
        expect(tally.signals.filter((s) => s.rule === 'execve-build').map((s) => s.image).sort()).toEqual(ns.map((n) => `docker.io/library/app:${n}`).sort());
      }),
      { numRuns: 200 },
    );
  });
});
