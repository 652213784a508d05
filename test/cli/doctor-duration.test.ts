/** Durations and time points on the doctor and replay command lines, and ages in reports. */
import { formatAge, formatDuration, parseDuration, parseTimePoint } from '../../lambdas/cli/doctor/duration';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
    ['2w', 1_209_600_000],
    ['1d12h', 129_600_000],
  ])('%s → %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', 'soon', '24', 'h', '1y', '-1h', '0h', '1h soon'])('rejects %j naming the option', (text) => {
    expect(() => parseDuration(text, '--since')).toThrow(/^--since ".*": (expected a duration such as 30m, 24h, 7d or 1d12h|must be longer than zero)$/);
  });
});

describe('parseTimePoint', () => {
  const now = Date.parse('2026-11-02T12:00:00Z');
  it('a duration counts back from now; an ISO date/time is taken as is', () => {
    expect(parseTimePoint('24h', now, '--since')).toBe(Date.parse('2026-11-01T12:00:00Z'));
    expect(parseTimePoint('2026-11-01', now, '--since')).toBe(Date.parse('2026-11-01T00:00:00Z'));
    expect(parseTimePoint('2026-11-01T06:30:00+02:00', now, '--since')).toBe(Date.parse('2026-11-01T04:30:00Z'));
    expect(() => parseTimePoint('2026-13-45', now, '--until')).toThrow('--until "2026-13-45": not a valid ISO 8601 date/time');
  });
});

describe('formatAge / formatDuration', () => {
  const now = Date.parse('2026-11-02T12:00:00Z');
  it.each([
    [now - 45_000, '45 s'],
    [now - 12 * 60_000, '12 min'],
    [now - 5.2 * 3_600_000, '5.2 h'],
    [now - 3 * 86_400_000, '3.0 d'],
    [now + 5_000, '0 s'],
  ])('age of %d', (then, text) => expect(formatAge(then, now)).toBe(text));

  it('thresholds read as people write them', () => {
    expect([formatDuration(3_600_000), formatDuration(900_000), formatDuration(5_400_000), formatDuration(172_800_000), formatDuration(30_000)]).toEqual(['1 h', '15 min', '1.5 h', '2 d', '30 s']);
  });
});
