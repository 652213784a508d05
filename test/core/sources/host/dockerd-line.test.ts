/** parseDockerdLine: every shape a dockerd line reaches CloudWatch or a file in. */
import { parseDockerdLine } from '../../../../lambdas/core/sources/host/dockerd-line';
import { parseLogfmt } from '../../../../lambdas/core/sources/host/logfmt';

describe('parseDockerdLine', () => {
  it('reads logrus text with a zone offset and trailing-space padding', () => {
    const d = parseDockerdLine('DEBU[2020-08-08T21:41:30.468126840+08:00] Calling POST /v1.40/build?t=myimg%3Alatest&version=1      ');
    expect(d).toEqual({ level: 'debu', msg: 'Calling POST /v1.40/build?t=myimg%3Alatest&version=1', time: Date.parse('2020-08-08T13:41:30.468Z'), timeRaw: '2020-08-08T21:41:30.468126840+08:00' });
  });

  it('strips the ANSI colours logrus writes on a terminal', () => {
    expect(parseDockerdLine('\x1b[37mDEBU\x1b[0m[2021-01-02T03:04:05.000000000Z] Calling GET /_ping')?.msg).toBe('Calling GET /_ping');
  });

  it('treats a relative logrus timestamp ([0097]) as no time', () => {
    const d = parseDockerdLine('ERRO[0097] Handler for POST /session returned error: x');
    expect(d).toEqual({ level: 'erro', msg: 'Handler for POST /session returned error: x' });
  });

  it('reads logfmt with an escaped-quote msg and extra fields after it', () => {
    const d = parseDockerdLine('time="2021-07-28T10:21:21.123Z" level=debug msg="form data: {\\"Image\\":\\"alpine\\",\\"Cmd\\":[\\"sh\\"]}\\n" spanID=abc traceID=def');
    expect(d).toEqual({ level: 'debug', msg: 'form data: {"Image":"alpine","Cmd":["sh"]}\n', time: Date.parse('2021-07-28T10:21:21.123Z'), timeRaw: '2021-07-28T10:21:21.123Z' });
  });

  it('reads --log-format=json lines', () => {
    const d = parseDockerdLine('{"level":"debug","msg":"Calling POST /v1.43/grpc","time":"2023-05-01T10:00:00.250000000-04:00"}');
    expect(d).toMatchObject({ level: 'debug', msg: 'Calling POST /v1.43/grpc', time: Date.parse('2023-05-01T14:00:00.250Z') });
  });

  it('reads a journald prefix: host name, pid, English month', () => {
    const d = parseDockerdLine('Nov 02 14:23:10 ip-10-0-1-5 dockerd[1234]: time="2021-11-02T14:23:10.5Z" level=debug msg="Calling POST /v1.41/build?t=a"');
    expect(d).toMatchObject({ hostname: 'ip-10-0-1-5', prefixTime: { kind: 'syslog', month: 10, day: 2, clock: '14:23:10' }, msg: 'Calling POST /v1.41/build?t=a', time: Date.parse('2021-11-02T14:23:10.500Z') });
  });

  it.each([
    ['nov 08 09:10:11 host1 dockerd[7]: Calling POST /build', 10, 8],
    ['Nov  8 09:10:11 host1 dockerd: Calling POST /build', 10, 8],
    [' 6月 01 09:10:11 host1 dockerd[7]: Calling POST /build', 5, 1],
    ['12월 31 09:10:11 host1 dockerd[7]: Calling POST /build', 11, 31],
    ['févr. 14 09:10:11 host1 dockerd[7]: Calling POST /build', 1, 14],
    ['Mär 03 09:10:11 host1 dockerd[7]: Calling POST /build', 2, 3],
    ['okt 03 09:10:11 host1 dockerd-current[7]: Calling POST /build', 9, 3],
  ])('reads the localized month of %j', (line, month, day) => {
    expect(parseDockerdLine(line)).toMatchObject({ hostname: 'host1', prefixTime: { kind: 'syslog', month, day, clock: '09:10:11' }, msg: 'Calling POST /build' });
  });

  it('reads an RFC 3339 syslog prefix (rsyslog, journalctl -o short-iso)', () => {
    expect(parseDockerdLine('2021-11-02T14:23:10.123456+01:00 ip-10-0-1-5 dockerd[1234]: Calling POST /v1.41/commit?repo=x')).toMatchObject({
      hostname: 'ip-10-0-1-5',
      prefixTime: { kind: 'iso', ms: Date.parse('2021-11-02T13:23:10.123Z') },
      msg: 'Calling POST /v1.41/commit?repo=x',
    });
  });

  it('reads logrus text behind a prefix, and the docker[pid] identifier of pre-1.12 daemons', () => {
    expect(parseDockerdLine('Nov 02 14:23:10 docker dockerd[1]: DEBU[2021-11-02T14:23:10.000000000Z] Calling POST /v1.41/build?t=a ')).toMatchObject({ hostname: 'docker', msg: 'Calling POST /v1.41/build?t=a', level: 'debu' });
    expect(parseDockerdLine('Nov 02 14:23:10 host docker[1]: time="2016-01-01T00:00:00Z" level=debug msg="Calling POST /v1.24/build?t=old"')).toMatchObject({ hostname: 'host', msg: 'Calling POST /v1.24/build?t=old' });
  });

  it('reads the macOS form without host or pid', () => {
    const d = parseDockerdLine('2021-07-28T10:21:21Z dockerd time="2021-07-28T10:21:21.497642089Z" level=debug msg="attach: stdout: begin"');
    expect(d).toMatchObject({ msg: 'attach: stdout: begin', time: Date.parse('2021-07-28T10:21:21.497Z') });
    expect(d).not.toHaveProperty('hostname');
  });

  it.each([
    'Nov 02 14:23:10 ip-10-0-1-5 containerd[99]: time="2021-11-02T14:23:10Z" level=info msg="shim disconnected" id=abc',
    'Nov 02 14:23:10 ip-10-0-1-5 systemd[1]: Started Docker Application Container Engine.',
    '-- Subject: Unit docker.service has finished start-up',
    'Foo 02 14:23:10 host dockerd[1]: Calling POST /build',
    '2 10.0.0.1 10.0.0.2 443 5000 6 1 40 1620000000 1620000060 ACCEPT OK',
    '',
  ])('returns undefined for a line of another program or no log: %j', (line) => {
    expect(parseDockerdLine(line)).toBeUndefined();
  });
});

describe('parseLogfmt', () => {
  it('keeps = and spaces inside quoted values and decodes Go escapes', () => {
    const kv = parseLogfmt('a=1 msg="x=y \\"q\\" \\t\\u00e9\\x41" bare=v=w  ');
    expect([...kv]).toEqual([
      ['a', '1'],
      ['msg', 'x=y "q" \téA'],
      ['bare', 'v=w'],
    ]);
  });

  it('keeps what it read of an unterminated quoted value', () => {
    expect(parseLogfmt('msg="half').get('msg')).toBe('half');
  });
});
