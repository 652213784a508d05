/** Host log timestamps: RFC 3339 with any fraction and zone, year-less syslog times, localized months. */
import { monthIndex, parseIsoTime, parseSyslogTime } from '../../../../lambdas/core/sources/host/host-time';

describe('parseIsoTime', () => {
  it.each([
    ['2020-08-08T21:41:30.468126840+08:00', '2020-08-08T13:41:30.468Z'],
    ['2021-07-28T10:21:21.497642089Z', '2021-07-28T10:21:21.497Z'],
    ['2021-07-28T10:21:21Z', '2021-07-28T10:21:21.000Z'],
    ['2021-11-02T14:23:10.1-0530', '2021-11-02T19:53:10.100Z'],
    ['2021-11-02T14:23:10+00', '2021-11-02T14:23:10.000Z'],
    ['2021-11-02 14:23:10,250', '2021-11-02T14:23:10.250Z'],
  ])('reads %s as %s', (s, iso) => {
    expect(new Date(parseIsoTime(s)!).toISOString()).toBe(iso);
  });

  it('takes a time without zone as UTC, whatever the machine zone', () => {
    expect(parseIsoTime('2021-07-28T10:21:21')).toBe(Date.UTC(2021, 6, 28, 10, 21, 21));
  });

  it.each(['2021-13-01T00:00:00Z', '2021-07-28', 'yesterday', '2021-07-28T25:00:00Z', '0097'])('rejects %s', (s) => {
    expect(parseIsoTime(s)).toBeUndefined();
  });
});

describe('monthIndex', () => {
  it.each([
    ['Nov', 10], ['nov', 10], ['NOV', 10], ['Jan', 0], ['janv.', 0], ['févr.', 1], ['Mär', 2], ['mrt', 2], ['mai', 4], ['Okt', 9],
    ['dic', 11], ['Dez', 11], ['ago', 7], ['set', 8], ['out', 9], ['ноя', 10], ['6月', 5], ['12月', 11], ['1월', 0],
  ])('%s is month %i', (token, month) => {
    expect(monthIndex(token)).toBe(month);
  });

  it.each(['Foo', '13月', '0월', '', 'Calling'])('rejects %j', (token) => {
    expect(monthIndex(token)).toBeUndefined();
  });
});

describe('parseSyslogTime', () => {
  const envelope = Date.UTC(2023, 5, 2, 0, 0, 5);

  it('takes the year of the reference time', () => {
    expect(new Date(parseSyslogTime(5, 1, '14:23:10', envelope)!).toISOString()).toBe('2023-06-01T14:23:10.000Z');
  });

  it('keeps sub-second precision of journalctl short-precise', () => {
    expect(new Date(parseSyslogTime(5, 1, '14:23:10.123456', envelope)!).toISOString()).toBe('2023-06-01T14:23:10.123Z');
  });

  it('puts a December line read in January into the previous year', () => {
    expect(new Date(parseSyslogTime(11, 31, '23:59:59', Date.UTC(2024, 0, 1, 0, 0, 30))!).toISOString()).toBe('2023-12-31T23:59:59.000Z');
  });

  it('cannot date a line without a reference time', () => {
    expect(parseSyslogTime(5, 1, '14:23:10', undefined)).toBeUndefined();
  });

  it.each(['25:00:00', '14:23', '14:61:00'])('rejects the clock %s', (clock) => {
    expect(parseSyslogTime(5, 1, clock, envelope)).toBeUndefined();
  });
});
