/** AuditEventAssembler: records grouped into events by time and serial, with or without EOE. */
import { type AuditEvent, AuditEventAssembler } from '../../../../lambdas/core/sources/host/auditd-event';
import { parseAuditRecord } from '../../../../lambdas/core/sources/host/auditd-record';

function assemble(lines: string[], maxInFlight?: number): { events: AuditEvent[]; closedAfter: number[] } {
  const events: AuditEvent[] = [];
  const closedAfter: number[] = [];
  const a = new AuditEventAssembler((e) => {
    events.push(e);
    closedAfter.push(current);
  }, maxInFlight);
  let current = 0;
  lines.forEach((l, i) => {
    current = i + 1;
    a.add(parseAuditRecord(l)!, `r:${i + 1}`);
  });
  current = -1;
  a.flush();
  return { events, closedAfter };
}

const execve = (serial: number, cmd: string) => `type=EXECVE msg=audit(1700000000.100:${serial}): argc=2 a0="${cmd}" a1="x"`;
const syscall = (serial: number, auid: number) => `type=SYSCALL msg=audit(1700000000.100:${serial}): arch=c000003e syscall=59 success=yes auid=${auid} uid=0 exe="/usr/bin/x"`;
const eoe = (serial: number) => `type=EOE msg=audit(1700000000.100:${serial})`;

describe('AuditEventAssembler', () => {
  it('closes an event at its EOE, with its first record as reference', () => {
    const { events, closedAfter } = assemble([syscall(1, 1000), execve(1, 'docker'), eoe(1)]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ argv: ['docker', 'x'], ref: 'r:1', execve: true, timeMs: 1700000000100 });
    expect(closedAfter).toEqual([3]);
  });

  it('closes events without EOE at the end of the batch, in the order they started', () => {
    const { events } = assemble([syscall(1, 1), execve(1, 'a'), syscall(2, 2), execve(2, 'b')]);
    expect(events.map((e) => e.argv[0])).toEqual(['a', 'b']);
    expect(events.map((e) => e.syscall?.get('auid'))).toEqual(['1', '2']);
  });

  it('keeps interleaved records of concurrent events apart', () => {
    const { events } = assemble([syscall(1, 1), syscall(2, 2), execve(2, 'b'), execve(1, 'a'), eoe(2), eoe(1)]);
    expect(events.map((e) => [e.serial, e.argv[0], e.syscall?.get('auid')])).toEqual([
      ['2', 'b', '2'],
      ['1', 'a', '1'],
    ]);
  });

  it('keeps events of two nodes with the same serial apart', () => {
    const { events } = assemble([`node=a ${execve(5, 'x')}`, `node=b ${execve(5, 'y')}`]);
    expect(events.map((e) => [e.node, e.argv[0]])).toEqual([
      ['a', 'x'],
      ['b', 'y'],
    ]);
  });

  it('closes the oldest open event when the in-flight window is full', () => {
    const { closedAfter, events } = assemble([execve(1, 'a'), execve(2, 'b'), execve(3, 'c')], 2);
    expect(events.map((e) => e.argv[0])).toEqual(['a', 'b', 'c']);
    expect(closedAfter).toEqual([3, -1, -1]);
  });

  it('marks events without EXECVE', () => {
    const { events } = assemble([syscall(9, 0), 'type=PROCTITLE msg=audit(1700000000.100:9): proctitle=6C73', eoe(9)]);
    expect(events[0]).toMatchObject({ execve: false, argv: [], proctitle: ['ls'] });
  });
});
