/** parseAuditRecord / ExecveArgs: audit record lines and the command line an EXECVE event carries. */
import { looksLikeAuditRecord, parseAuditRecord } from '../../../../lambdas/core/sources/host/auditd-record';
import { decodeAuditValue, decodeProctitle, ExecveArgs } from '../../../../lambdas/core/sources/host/execve-args';

function argvOf(...lines: string[]): string[] {
  const args = new ExecveArgs();
  for (const l of lines) args.add(parseAuditRecord(l)!.fields);
  return args.argv();
}

describe('parseAuditRecord', () => {
  it('reads type, time, serial and raw fields', () => {
    const r = parseAuditRecord('type=EXECVE msg=audit(1492037291.036:59): argc=3 a0="grep" a1="--color=auto" a2="mapping"');
    expect(r).toMatchObject({ type: 'EXECVE', epochMs: 1492037291036, timeRaw: '1492037291.036', serial: '59' });
    expect([...r!.fields]).toEqual([['argc', '3'], ['a0', '"grep"'], ['a1', '"--color=auto"'], ['a2', '"mapping"']]);
    expect(r).not.toHaveProperty('node');
  });

  it('reads the node= prefix', () => {
    expect(parseAuditRecord('node=ip-10-0-1-9.ec2.internal type=EOE msg=audit(1700000000.001:7)')).toMatchObject({ node: 'ip-10-0-1-9.ec2.internal', type: 'EOE', serial: '7' });
  });

  it('reads records forwarded behind a syslog prefix (audisp-syslog)', () => {
    expect(parseAuditRecord('Nov 14 22:13:21 ip-10-0-1-9 audisp-syslog: node=ip-10-0-1-9 type=CWD msg=audit(1700000001.500:200): cwd="/srv"')).toMatchObject({
      node: 'ip-10-0-1-9',
      type: 'CWD',
    });
  });

  it('tolerates double spaces after the header', () => {
    expect(parseAuditRecord('type=CWD msg=audit(1492037291.036:59):  cwd="/home/andrew_kroh"')?.fields.get('cwd')).toBe('"/home/andrew_kroh"');
  });

  it('splits enriched fields after the GS separator, unquoted', () => {
    const r = parseAuditRecord('type=SYSCALL msg=audit(1700000001.500:200): arch=c000003e syscall=59 success=yes auid=1001 uid=0 exe="/usr/bin/docker" key=(null)\x1dARCH=x86_64 SYSCALL=execve AUID="alice" UID="root"');
    expect(r?.fields.get('key')).toBe('(null)');
    expect(r?.fields.has('AUID')).toBe(false);
    expect([...r!.enriched!]).toEqual([['ARCH', 'x86_64'], ['SYSCALL', 'execve'], ['AUID', 'alice'], ['UID', 'root']]);
  });

  it('maps kernel type numbers of journald/kmsg records to names', () => {
    expect(parseAuditRecord('audit: type=1309 audit(1700000001.500:201): argc=3 a0="podman" a1="build" a2="."')).toMatchObject({ type: 'EXECVE', serial: '201' });
    expect(parseAuditRecord('type=1327 audit(1700000001.500:201): proctitle=706F646D616E')?.type).toBe('PROCTITLE');
  });

  it('keeps unknown record types (UNKNOWN[1329]) and single-quoted msg values', () => {
    expect(parseAuditRecord("type=UNKNOWN[1329] msg=audit(1700000001.500:200): msg='op=x res=1'")).toMatchObject({ type: 'UNKNOWN[1329]' });
    expect(parseAuditRecord("type=USER_CMD msg=audit(1.2:3): pid=1 msg='cwd=\"/\" cmd=6C73 res=success'")?.fields.get('msg')).toBe("'cwd=\"/\" cmd=6C73 res=success'");
  });

  it.each([
    'type=EXECVE msg=audit(abc:59): argc=1',
    'type=EXECVE msg=audit(1492037291.036): argc=1',
    'type=EXECVE msg=audit(1492037291.036:59',
    'type=EXECVE xyz audit(1492037291.036:59): a0="x"',
    'type=EXECVE',
  ])('rejects the malformed header %j', (line) => {
    expect(parseAuditRecord(line)).toBeUndefined();
  });

  it('sniffs audit lines', () => {
    expect(looksLikeAuditRecord('type=EOE msg=audit(1.2:3)')).toBe(true);
    expect(looksLikeAuditRecord('DEBU[2020-08-08T21:41:30Z] Calling POST /build')).toBe(false);
  });
});

describe('ExecveArgs', () => {
  it('decodes quoted and hex arguments', () => {
    expect(argvOf('type=EXECVE msg=audit(1.000:1): argc=4 a0="docker" a1="build" a2=2D2D6C6162656C3D612062 a3=6275696C64')).toEqual(['docker', 'build', '--label=a b', 'build']);
  });

  it('joins an oversize argument split into aN[i] chunks across EXECVE records', () => {
    expect(
      argvOf(
        'type=EXECVE msg=audit(1.000:1): argc=4 a0="docker" a1="build" a2_len=32 a2[0]="--tag=registry.ex"',
        'type=EXECVE msg=audit(1.000:1): a2[1]="ample.com/app:1" a3="."',
      ),
    ).toEqual(['docker', 'build', '--tag=registry.example.com/app:1', '.']);
  });

  it('joins hex chunks as bytes, so a character split between chunks survives', () => {
    expect(argvOf('type=EXECVE msg=audit(1.000:1): argc=2 a0="echo" a1_len=4 a1[1]=A978 a1[0]=2078C3')).toEqual(['echo', ' xéx']);
  });

  it('pads arguments of lost records to argc', () => {
    expect(argvOf('type=EXECVE msg=audit(1.000:1): argc=3 a0="docker"')).toEqual(['docker', '', '']);
  });

  it('decodes (null) and non-hex bare values', () => {
    expect(decodeAuditValue('(null)')).toBe('');
    expect(decodeAuditValue('xyz')).toBe('xyz');
    expect(decodeAuditValue('"/tmp"')).toBe('/tmp');
  });

  it('splits a hex proctitle on NUL', () => {
    expect(decodeProctitle('64617368002D70')).toEqual(['dash', '-p']);
    expect(decodeProctitle('"bash"')).toEqual(['bash']);
  });
});
