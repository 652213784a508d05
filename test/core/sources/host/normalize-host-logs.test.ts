/** normalizeHostLogs: mixed host log batches to signals, with every line counted. */
import { looksLikeHostLogLine } from '../../../../lambdas/core/sources/host';
import { runLines } from './host-test-helpers';

const ENVELOPE = Date.UTC(2023, 5, 2, 0, 0, 5); // 2023-06-02T00:00:05Z
const STREAM = { logStream: 'i-0123456789abcdef0', account: '111122223333', region: 'us-east-1' };

describe('normalizeHostLogs', () => {
  describe('dockerd', () => {
    it('reads a journald-prefixed logfmt build with several t= tags: the first names the image, version=2 is BuildKit', () => {
      const tally = runLines(['Nov 02 14:23:10 ip-10-0-1-5 dockerd[1234]: time="2021-11-02T15:23:10.123456789+01:00" level=debug msg="Calling POST /v1.41/build?buildargs=%7B%7D&t=myimg%3Alatest&t=reg.example.com%2Fteam%2Fmyimg%3A1.0&version=2"'], STREAM);
      expect(tally.signals).toEqual([
        expect.objectContaining({
          kind: 'build',
          rule: 'dockerd-build',
          tool: 'buildkit',
          method: 'docker-api',
          image: 'docker.io/library/myimg:latest',
          time: '2021-11-02T14:23:10.123Z',
          host: { instanceId: 'i-0123456789abcdef0', hostname: 'ip-10-0-1-5', ip: '10.0.1.5' },
          account: '111122223333',
          region: 'us-east-1',
        }),
      ]);
    });

    it('takes the year of a localized year-less prefix from the envelope time when the line has no time of its own', () => {
      const tally = runLines(['6月 01 14:23:10 ip-10-0-1-5 dockerd[1234]: Calling POST /v1.43/grpc'], {}, ENVELOPE);
      expect(tally.signals).toEqual([expect.objectContaining({ rule: 'dockerd-buildkit-grpc', tool: 'buildkit', time: '2023-06-01T14:23:10.000Z', host: { hostname: 'ip-10-0-1-5', ip: '10.0.1.5' } })]);
    });

    it('rejects an API call it cannot date (no own time, year-less prefix, no envelope)', () => {
      const tally = runLines(['nov 08 14:23:10 host dockerd[1]: Calling POST /v1.41/build?t=x']);
      expect(tally.signals).toHaveLength(0);
      expect(tally.summary().rejected).toEqual({ 'dockerd:no-timestamp': 1 });
      expect(tally.rejectSamples[0]).toMatchObject({ reason: 'dockerd:no-timestamp', ref: 't:1' });
    });

    it('falls back to the envelope time for lines without any timestamp', () => {
      const tally = runLines(['{"level":"debug","msg":"Calling POST /build?t=app%3A2&version=1"}'], {}, ENVELOPE);
      expect(tally.signals).toEqual([expect.objectContaining({ rule: 'dockerd-build', tool: 'docker', image: 'docker.io/library/app:2', time: '2023-06-02T00:00:05.000Z' })]);
      expect(tally.signals[0]).not.toHaveProperty('host');
    });

    it('reads pushes whose name is URL-encoded or carries slashes', () => {
      const tally = runLines(
        [
          'time="2024-01-02T03:04:05.006Z" level=debug msg="Calling POST /v1.44/images/111122223333.dkr.ecr.us-east-1.amazonaws.com%2Fapp/push?tag=v1"',
          'time="2024-01-02T03:04:06.006Z" level=debug msg="Calling POST /v1.44/images/111122223333.dkr.ecr.us-east-1.amazonaws.com/team/app/push?tag="',
        ],
        STREAM,
      );
      expect(tally.signals).toEqual([
        expect.objectContaining({ kind: 'push', rule: 'dockerd-push', registry: '111122223333.dkr.ecr.us-east-1.amazonaws.com', repository: 'app', tag: 'v1', image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/app:v1', time: '2024-01-02T03:04:05.006Z' }),
        expect.objectContaining({ kind: 'push', registry: '111122223333.dkr.ecr.us-east-1.amazonaws.com', repository: 'team/app', image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/team/app' }),
      ]);
      expect(tally.signals[1]).not.toHaveProperty('tag');
    });

    it('counts sessions, pulls, bad push names and other calls without signals', () => {
      const at = (call: string) => `time="2024-01-02T03:04:05Z" level=debug msg="Calling ${call}"`;
      const tally = runLines([
        at('POST /v1.41/session'),
        at('POST /v1.41/images/create?fromImage=alpine&tag=3.19'),
        at('POST /v1.41/images/create?fromSrc=-&repo=reg.io%2Fimported&tag=x'),
        at('POST /v1.41/images/NOT%20VALID/push?tag=1'),
        at('POST /v1.41/containers/create'),
        at('GET /v1.41/build'),
        'time="2024-01-02T03:04:05Z" level=debug msg="form data: {\\"Image\\":\\"alpine\\"}"',
        'time="2024-01-02T03:04:05Z" level=debug msg="Calling POST"',
      ]);
      expect(tally.signals).toEqual([expect.objectContaining({ rule: 'dockerd-image-create', kind: 'build', tool: 'docker', image: 'reg.io/imported:x' })]);
      expect(tally.summary().ignored).toEqual({ 'dockerd:build-session': 1, 'dockerd:image-pull': 1, 'dockerd:push-invalid-image': 1, 'dockerd:api-call-ignored': 2, 'dockerd:not-an-api-call': 1 });
      expect(tally.summary().rejected).toEqual({ 'dockerd:malformed-api-call': 1 });
    });

    it('gives the same fact the same id whatever the delivery, and different facts different ids', () => {
      const lines = ['DEBU[2020-08-08T21:41:30.468126840+08:00] Calling POST /v1.40/build?t=a ', 'DEBU[2020-08-08T21:41:31.000000000+08:00] Calling POST /v1.40/build?t=a '];
      const first = runLines(lines, STREAM).signals.map((s) => s.id);
      const again = runLines([...lines].reverse(), STREAM).signals.map((s) => s.id);
      expect(new Set(first).size).toBe(2);
      expect([...again].reverse()).toEqual(first);
      expect(runLines(lines, { logStream: 'i-0fedcba9876543210' }).signals[0]!.id).not.toBe(first[0]);
    });
  });

  describe('auditd', () => {
    const sys = (serial: number, extra = '') =>
      `type=SYSCALL msg=audit(1700000001.500:${serial}): arch=c000003e syscall=59 success=yes exit=0 a0=55d a1=55e a2=55f a3=8 items=2 ppid=1 pid=2 auid=1001 uid=0 gid=0 tty=pts0 ses=3 comm="docker" exe="/usr/bin/docker" key="docker"${extra}`;

    it('reads an enriched event with node=, a split tag across EXECVE records and no EOE', () => {
      const tally = runLines(
        [
          `node=ip-10-0-1-9 ${sys(200, '\x1dARCH=x86_64 SYSCALL=execve AUID="alice" UID="root"')}`,
          'node=ip-10-0-1-9 type=EXECVE msg=audit(1700000001.500:200): argc=4 a0="docker" a1="build" a2_len=32 a2[0]="--tag=registry.ex"',
          'node=ip-10-0-1-9 type=EXECVE msg=audit(1700000001.500:200): a2[1]="ample.com/app:1" a3="."',
          'node=ip-10-0-1-9 type=CWD msg=audit(1700000001.500:200):  cwd="/srv/app"',
          'node=ip-10-0-1-9 type=UNKNOWN[1329] msg=audit(1700000001.500:200): something=1',
        ],
        { account: '111122223333' },
      );
      expect(tally.records).toBe(5);
      expect(tally.signals).toEqual([
        expect.objectContaining({
          kind: 'build',
          rule: 'execve-build',
          source: 'auditd',
          method: 'execve',
          tool: 'docker',
          image: 'registry.example.com/app:1',
          command: 'docker build --tag=registry.example.com/app:1 .',
          actor: { osUser: 'alice' },
          host: { hostname: 'ip-10-0-1-9', ip: '10.0.1.9' },
          time: '2023-11-14T22:13:21.500Z',
          ref: 't:1',
          account: '111122223333',
        }),
      ]);
    });

    it('reads hex arguments and takes the uid when the login uid is unset', () => {
      const tally = runLines(
        [
          'type=SYSCALL msg=audit(1700000002.000:300): arch=c000003e syscall=59 success=yes auid=4294967295 uid=0 exe="/usr/bin/podman"',
          'type=EXECVE msg=audit(1700000002.000:300): argc=5 a0="podman" a1="build" a2="-t" a3=6C6F63616C686F73742F6D7920617070 a4=6D792F6170703A31',
          'type=EOE msg=audit(1700000002.000:300)',
        ],
        STREAM,
      );
      // a3 decodes to "localhost/my app" (a space: not a reference), so the first -t gives no image.
      expect(tally.signals).toEqual([expect.objectContaining({ tool: 'podman', command: 'podman build -t localhost/my app my/app:1', actor: { osUser: '0' }, host: { instanceId: 'i-0123456789abcdef0' } })]);
      expect(tally.signals[0]).not.toHaveProperty('image');
    });

    it('emits a push signal for docker push, with registry, repository and tag', () => {
      const tally = runLines(['type=EXECVE msg=audit(1700000003.000:400): argc=3 a0="docker" a1="push" a2="111122223333.dkr.ecr.us-east-1.amazonaws.com/app:v9"'], STREAM);
      expect(tally.signals).toEqual([
        expect.objectContaining({ kind: 'push', rule: 'execve-push', registry: '111122223333.dkr.ecr.us-east-1.amazonaws.com', repository: 'app', tag: 'v9', time: '2023-11-14T22:13:23.000Z' }),
      ]);
    });

    it('falls back to PROCTITLE when the EXECVE arguments were lost', () => {
      const tally = runLines([
        'type=EXECVE msg=audit(1700000004.000:500): argc=3',
        'type=PROCTITLE msg=audit(1700000004.000:500): proctitle=6275696C6461680062756400',
      ]);
      expect(tally.signals).toEqual([expect.objectContaining({ rule: 'execve-build', tool: 'buildah', command: 'buildah bud' })]);
    });

    it('counts failed execs, events without EXECVE, empty EXECVE and malformed records', () => {
      const tally = runLines([
        'type=SYSCALL msg=audit(1.000:1): syscall=59 success=no exit=-2',
        'type=EXECVE msg=audit(1.000:1): argc=3 a0="docker" a1="build" a2="."',
        'type=SYSCALL msg=audit(1.000:2): syscall=42 success=yes',
        'type=EOE msg=audit(1.000:2)',
        'type=EXECVE msg=audit(1.000:3): argc=0',
        'type=EXECVE msg=audit(x:y): argc=1',
      ]);
      expect(tally.signals).toHaveLength(0);
      expect(tally.summary().ignored).toEqual({ 'auditd:exec-failed': 1, 'auditd:no-execve': 1 });
      expect(tally.summary().rejected).toEqual({ 'auditd:empty-execve': 1, 'auditd:malformed-record': 1 });
    });
  });

  it('reads a batch mixing dockerd, audit and other programs, counting every line', () => {
    const tally = runLines(
      [
        'Nov 02 14:23:09 ip-10-0-1-5 systemd[1]: Started Docker Application Container Engine.',
        '-- Subject: Unit docker.service has finished start-up',
        'Nov 02 14:23:10 ip-10-0-1-5 containerd[99]: time="2023-11-02T14:23:10Z" level=info msg="shim disconnected" id=abc',
        'Nov 02 14:23:10 ip-10-0-1-5 dockerd[1234]: time="2023-11-02T14:23:10.100Z" level=debug msg="Calling POST /v1.43/commit?container=abc&repo=reg.io%2Fsnap&tag=1"',
        'type=EXECVE msg=audit(1698934990.200:9): argc=2 a0="docker" a1="ps"',
        '',
        42,
      ],
      STREAM,
    );
    expect(tally.records).toBe(7);
    expect(tally.signals).toEqual([expect.objectContaining({ rule: 'dockerd-commit', image: 'reg.io/snap:1', time: '2023-11-02T14:23:10.100Z' })]);
    expect(tally.summary().ignored).toEqual({ 'host:unrelated-line': 3, 'host:blank-line': 1, 'auditd:not-a-build-command': 1 });
    expect(tally.summary().rejected).toEqual({ 'host:not-a-string': 1 });
  });
});

describe('looksLikeHostLogLine', () => {
  it.each([
    ['DEBU[2020-08-08T21:41:30.468126840+08:00] Calling POST /v1.40/build?version=1 ', 'dockerd'],
    ['time="2021-07-28T10:21:21.123Z" level=debug msg="Calling POST /v1.41/build"', 'dockerd'],
    ['Nov 02 14:23:10 ip-10-0-1-5 dockerd[1234]: time="x" level=debug msg="y"', 'dockerd'],
    ['2021-07-28T10:21:21Z dockerd time="2021-07-28T10:21:21.497642089Z" level=debug msg="attach: stdout: begin"', 'dockerd'],
    ['type=EXECVE msg=audit(1492037291.036:59): argc=3 a0="grep"', 'auditd'],
    ['node=h type=EOE msg=audit(1492037291.036:59)', 'auditd'],
    ['2 123456789012 eni-1 10.0.0.1 10.0.0.2 443 5000 6 1 40 1620000000 1620000060 ACCEPT OK', undefined],
    ['{"kind":"Event","apiVersion":"audit.k8s.io/v1"}', undefined],
    ['type=EXECVE but no header', undefined],
  ])('sniffs %j as %s', (line, kind) => {
    expect(looksLikeHostLogLine(line)).toBe(kind);
  });
});
