import { MINUTE, SimClock } from '../../chaos/clock';

describe('SimClock', () => {
  it('runs events in time order, same-time events in scheduling order, without sleeping', async () => {
    const clock = new SimClock(0);
    const seen: string[] = [];
    clock.at(2 * MINUTE, 'c', () => void seen.push(`c@${clock.now}`));
    clock.at(MINUTE, 'a', () => void seen.push(`a@${clock.now}`));
    clock.at(MINUTE, 'b', () => {
      seen.push(`b@${clock.now}`);
      clock.after(30_000, 'd', () => void seen.push(`d@${clock.now}`));
    });
    const started = Date.now();
    expect(await clock.run()).toBe(4);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(seen).toEqual(['a@60000', 'b@60000', 'd@90000', 'c@120000']);
  });

  it('stops at `until` and leaves later events queued', async () => {
    const clock = new SimClock(0);
    clock.at(10, 'early', () => undefined);
    clock.at(100, 'late', () => undefined);
    expect(await clock.run(50)).toBe(1);
    expect(clock.now).toBe(50);
    expect(clock.pending).toBe(1);
  });

  it('refuses a schedule that never drains', async () => {
    const clock = new SimClock(0);
    const again = (): void => clock.after(1, 'again', again);
    again();
    await expect(clock.run(Number.POSITIVE_INFINITY, 100)).rejects.toThrow(/never drains/);
  });
});
