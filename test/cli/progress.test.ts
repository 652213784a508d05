/** The progress line of a long replay: rate, event-time position and ETA, with the input's name escaped. */
import { progressLine } from '../../lambdas/cli/progress';

describe('progressLine', () => {
  it('reading: bytes, records per second, the event time reached, the ETA by bytes, the input', () => {
    const line = progressLine({ phase: 'reading', done: 50 * 1048576, total: 200 * 1048576, count: 100_000, elapsedMs: 10_000, eventTime: '2026-11-05T10:42:17.000Z', label: 'flow/2026/11/05/x.log.gz' });
    expect(line).toBe('reading [######..................] 25.0% 50/200 MB, 10,000 records/s at 2026-11-05T10:42Z ETA 0:30 flow/2026/11/05/x.log.gz');
  });

  it('correlating: signals done of all, signals per second, position and ETA by signals', () => {
    const line = progressLine({ phase: 'correlating', done: 30_000, total: 40_000, count: 30_000, elapsedMs: 90_000, eventTime: '2026-11-12T00:00:00.000Z' });
    expect(line).toBe('correlating [##################......] 75.0% 30,000/40,000 signals, 333/s at 2026-11-12T00:00Z ETA 0:30');
  });

  it('escapes what comes from the input and shows an unknown ETA as such', () => {
    const line = progressLine({ phase: 'reading', done: 0, total: 100, count: 0, elapsedMs: 5, label: 'x\u001b]0;PWNED\u0007.log' });
    expect(line).toContain('ETA --:--');
    expect(line).not.toContain('\u001b');
  });
});
