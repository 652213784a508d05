/** Random dockerd debug lines (logrus, logfmt, JSON, behind syslog/journald prefixes) and auditd exec events. */
import { hostileToken } from '../hostile';
import type { Rng } from '../rng';
import { command, image, instanceId, timeMs, word } from './common';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Foo'];

function iso(rng: Rng): string {
  const d = new Date(timeMs(rng));
  return Number.isNaN(d.getTime()) ? rng.pick(['0000-00-00T00:00:00Z', 'x']) : d.toISOString().replace('Z', rng.pick(['Z', '123456Z', '+02:00', '']));
}

function endpoint(rng: Rng): string {
  const v = rng.chance(0.9) ? `/v1.${rng.int(24, 47)}` : '';
  const enc = (s: string): string => {
    if (rng.chance(0.2)) return s;
    try {
      return encodeURIComponent(s);
    } catch {
      return s; // lone surrogates
    }
  };
  switch (rng.int(0, 8)) {
    case 0: case 1: return `POST ${v}/build?${rng.chance(0.8) ? `t=${enc(image(rng))}&` : ''}dockerfile=Dockerfile&version=${rng.pick([1, 2])}${rng.chance(0.2) ? `&t=${enc(image(rng))}` : ''}`;
    case 2: return `POST ${v}/grpc`;
    case 3: return `POST ${v}/session`;
    case 4: return `POST ${v}/commit?container=${rng.hex(12)}&repo=${enc(word(rng))}&tag=${enc(word(rng))}`;
    case 5: return `POST ${v}/images/create?${rng.pick(['fromSrc=-', 'fromImage=' + enc(image(rng)), 'fromSrc=http%3A%2F%2Fx'])}&repo=${enc(image(rng))}`;
    case 6: return `POST ${v}/images/${rng.chance(0.8) ? image(rng).split(':')[0] : hostileToken(rng)}/push?tag=${enc(word(rng))}`;
    case 7: return `${rng.pick(['GET', 'HEAD', 'DELETE', 'POST'])} ${v}/${rng.pick(['_ping', 'containers/json', 'info', 'images/json'])}`;
    default: return `${rng.pick(['POST', 'GET', ''])} ${hostileToken(rng)}`;
  }
}

export function dockerdLine(rng: Rng): string {
  const msg = rng.chance(0.85) ? `Calling ${endpoint(rng)}` : rng.pick(['attach: stdout: begin', 'cleaning up dead shim', word(rng)]);
  const level = rng.pick(['debug', 'debug', 'info', 'warning']);
  const esc = (s: string): string => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  const body = rng.pick([
    () => `time="${iso(rng)}" level=${level} msg="${esc(msg)}"`,
    () => `${level.slice(0, 4).toUpperCase()}[${rng.pick(['0001', iso(rng)])}] ${msg}`,
    () => JSON.stringify({ level, msg, time: iso(rng) }),
    () => `level=${level} ts=${iso(rng)} msg=${rng.chance(0.5) ? msg.replace(/ /g, '_') : `"${esc(msg)}"`}`,
  ])();
  const host = rng.chance(0.8) ? `ip-10-0-200-${rng.int(1, 254)}` : instanceId(rng);
  const prefix = rng.pick([
    '',
    `${rng.pick(MONTHS)} ${String(rng.int(0, 32)).padStart(2, rng.pick(['0', ' ']))} ${String(rng.int(0, 24)).padStart(2, '0')}:${String(rng.int(0, 60)).padStart(2, '0')}:${String(rng.int(0, 60)).padStart(2, '0')} ${host} dockerd[${rng.int(1, 99999)}]: `,
    `${iso(rng)} ${host} dockerd[${rng.int(1, 9999)}]: `,
    `${iso(rng)} dockerd `,
  ]);
  return prefix + body;
}

function hexArg(s: string): string {
  return Buffer.from(s, 'utf8').toString('hex').toUpperCase();
}

/** The records of one exec event (SYSCALL, EXECVE, CWD, PATH, PROCTITLE, EOE), in random shapes. */
function auditEvent(rng: Rng, sec: number, serial: number): string[] {
  const hdr = (type: string): string => `${rng.chance(0.2) ? `node=${rng.pick(['ci-runner-1', instanceId(rng)])} ` : ''}type=${type} msg=audit(${sec}.${String(rng.int(0, 999)).padStart(3, '0')}:${serial}):`;
  const argv = command(rng);
  const out: string[] = [];
  const success = rng.pick(['yes', 'yes', 'no']);
  const auid = rng.pick(['1000', '4294967295', '0', 'unset']);
  out.push(`${hdr('SYSCALL')} arch=c000003e syscall=59 success=${success} exit=0 ppid=1 pid=${rng.int(2, 99999)} auid=${auid} uid=0 comm="${argv[0]}" exe="${rng.chance(0.8) ? '/usr/bin/' + argv[0] : hexArg('/opt/my dir/docker')}"${rng.chance(0.2) ? `\x1dAUID="ci" UID="root"` : ''}`);
  const args = argv.map((a, i) => {
    if (rng.chance(0.05)) return `a${i}=${hostileToken(rng).replace(/\s/g, '')}`;
    if (a.length > 8 && rng.chance(0.15)) return `a${i}_len=${a.length} a${i}[0]=${hexArg(a.slice(0, 5))} a${i}[1]=${hexArg(a.slice(5))}`;
    return /[\s"]/.test(a) || rng.chance(0.2) ? `a${i}=${hexArg(a)}` : `a${i}="${a}"`;
  });
  const argc = rng.chance(0.9) ? argv.length : rng.pick([0, -1, 99999999, argv.length + 3]);
  if (rng.chance(0.2) && args.length > 2) {
    out.push(`${hdr('EXECVE')} argc=${argc} ${args.slice(0, 2).join(' ')}`, `${hdr('EXECVE')} ${args.slice(2).join(' ')}`);
  } else if (rng.chance(0.95)) out.push(`${hdr('EXECVE')} argc=${argc} ${args.join(' ')}`);
  if (rng.chance(0.7)) out.push(`${hdr('CWD')} cwd=${rng.chance(0.5) ? '"/home/ci"' : hexArg('/home/c i')}`);
  if (rng.chance(0.5)) out.push(`${hdr('PATH')} item=0 name="/usr/bin/${argv[0]}" inode=1 objtype=NORMAL`);
  if (rng.chance(0.6)) out.push(`${hdr('PROCTITLE')} proctitle=${hexArg(argv.join('\0')).slice(0, 256)}`);
  if (rng.chance(0.7)) out.push(`${hdr('EOE')}`.replace(/:$/, ''));
  return rng.chance(0.05) ? out.map((l) => l.replace(/^type=(\w+) msg=/, (_, t: string) => `type=${({ SYSCALL: 1300, EXECVE: 1309, EOE: 1320 } as Record<string, number>)[t] ?? t} `)) : out;
}

export function auditdText(rng: Rng): string {
  const events = Array.from({ length: rng.int(1, 5) }, () => auditEvent(rng, rng.chance(0.95) ? 1793583010 + rng.int(0, 100) : rng.pick([0, 999999999999, 1]), rng.int(1, rng.chance(0.3) ? 3 : 99999)));
  const lines = events.flat();
  if (rng.chance(0.3)) rng.shuffle(lines); // interleaved events
  if (rng.chance(0.2)) lines.splice(rng.int(0, lines.length), 0, dockerdLine(rng), 'random syslog line');
  return lines.join('\n');
}

export function dockerdText(rng: Rng): string {
  return Array.from({ length: rng.int(1, 8) }, () => dockerdLine(rng)).join('\n');
}
