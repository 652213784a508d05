/**
 * Linux audit logs of program executions (`-a always,exit -F arch=b64 -S execve`): one event is a
 * SYSCALL, EXECVE, CWD, PATH, PROCTITLE and EOE record sharing `audit(<sec>.<ms>:<serial>)`;
 * arguments with spaces or quotes are hex-encoded; `node=` names the host when name_format is set.
 */

export interface ExecEvent {
  at: number;
  serial: number;
  argv: string[];
  /** `node=` prefix (auditd name_format = hostname). */
  node?: string;
  /** Login user id and its name (enriched logs add `AUID="alice"` after a GS separator). */
  auid?: number;
  auidName?: string;
  cwd?: string;
  pid?: number;
  success?: boolean;
}

const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex').toUpperCase();
const encodeArg = (s: string) => (/^[\x21-\x7e]*$/.test(s) && !s.includes('"') ? `"${s}"` : hex(s));

/** The records of one execve, as lines. */
export function execRecords(e: ExecEvent): string[] {
  const stamp = `audit(${Math.floor(e.at / 1000)}.${String(e.at % 1000).padStart(3, '0')}:${e.serial})`;
  const node = e.node ? `node=${e.node} ` : '';
  const program = e.argv[0]!;
  const exe = program.startsWith('/') ? program : `/usr/bin/${program}`;
  const auid = e.auid ?? 1000;
  const pid = e.pid ?? 4000 + (e.serial % 30000);
  const enriched = e.auidName ? `\x1dARCH=x86_64 SYSCALL=execve AUID="${e.auidName}" UID="root" GID="root"` : '';
  return [
    `${node}type=SYSCALL msg=${stamp}: arch=c000003e syscall=59 success=${e.success === false ? 'no' : 'yes'} exit=${e.success === false ? -2 : 0} a0=55d1c2 a1=55d1c3 a2=55d1c4 a3=8 items=2 ppid=${pid - 7} pid=${pid} auid=${auid} uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=${auid % 97} comm="${program.split('/').pop()!.slice(0, 15)}" exe="${exe}" subj=unconfined key="exec"${enriched}`,
    `${node}type=EXECVE msg=${stamp}: argc=${e.argv.length} ${e.argv.map((a, i) => `a${i}=${encodeArg(a)}`).join(' ')}`,
    `${node}type=CWD msg=${stamp}: cwd="${e.cwd ?? '/home/ec2-user'}"`,
    `${node}type=PATH msg=${stamp}: item=0 name="${exe}" inode=${262000 + (e.serial % 999)} dev=103:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0`,
    `${node}type=PROCTITLE msg=${stamp}: proctitle=${hex(e.argv.join('\0')).slice(0, 256)}`,
    `${node}type=EOE msg=${stamp}: `,
  ];
}

/** Ordinary commands on a host (what most EXECVE records are). */
export const ORDINARY_COMMANDS: string[][] = [
  ['ls', '-la', '/var/log'],
  ['systemctl', 'status', 'amazon-cloudwatch-agent'],
  ['docker', 'ps', '--format', '{{.Names}}'],
  ['cat', '/etc/os-release'],
  ['docker', 'images'],
  ['journalctl', '-u', 'docker', '--since', '-10m'],
  ['curl', '-s', 'http://169.254.169.254/latest/meta-data/instance-id'],
  ['git', 'status'],
];
