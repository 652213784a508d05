/**
 * Every real sample of host logs in the shared corpus (/work/shared/corpus/docker, /auditd), read
 * through the normalizer with concrete expectations.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditEventAssembler, type AuditEvent } from '../../../../lambdas/core/sources/host/auditd-event';
import { parseAuditRecord } from '../../../../lambdas/core/sources/host/auditd-record';
import { parseDockerdLine } from '../../../../lambdas/core/sources/host/dockerd-line';
import { looksLikeHostLogLine } from '../../../../lambdas/core/sources/host';
import { osUserOf } from '../../../../lambdas/core/sources/host/normalize-host-logs';
import { runLines } from './host-test-helpers';
import { CORPUS_DIR } from '../../../support/corpus';

const CORPUS = CORPUS_DIR;
const read = (p: string) => readFileSync(join(CORPUS, p), 'utf8');

/** The lines of the first ```shell script code block of a Markdown file. */
function codeBlockLines(md: string): string[] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith('```shell script'));
  const end = lines.findIndex((l, i) => i > start && l.startsWith('```'));
  return lines.slice(start + 1, end);
}

/** The raw audit records of a go-libaudit YAML test file (block-scalar lines starting with type=). */
function yamlAuditLines(yaml: string): string[] {
  return yaml
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('type='));
}

function assemble(lines: string[]): AuditEvent[] {
  const events: AuditEvent[] = [];
  const a = new AuditEventAssembler((e) => events.push(e));
  lines.forEach((l, i) => {
    const r = parseAuditRecord(l);
    if (r) a.add(r, `c:${i + 1}`);
  });
  a.flush();
  return events;
}

describe('host log corpus', () => {
  describe('docker/notes-md-dockerd-debug-docker-build-v1.40-logrus-text.md (real dockerd -D, logrus text)', () => {
    const lines = codeBlockLines(read('docker/notes-md-dockerd-debug-docker-build-v1.40-logrus-text.md'));

    it('extracts the 23 log lines and the closing blank line of the code block', () => {
      expect(lines).toHaveLength(24);
      expect(lines[0]).toMatch(/^DEBU\[2020-08-08T21:41:30\.468126840\+08:00\] Calling POST \/v1\.40\/build\?/);
    });

    it('turns the POST /v1.40/build call into one classic-builder build signal, in UTC', () => {
      const tally = runLines(lines, { logStream: 'i-0abc1234def567890', account: '111122223333', region: 'eu-west-1' });
      expect(tally.records).toBe(24);
      expect(tally.signals).toHaveLength(1);
      expect(tally.signals[0]).toMatchObject({
        kind: 'build',
        rule: 'dockerd-build',
        source: 'dockerd',
        method: 'docker-api',
        tool: 'docker',
        time: '2020-08-08T13:41:30.468Z',
        ref: 't:1',
        account: '111122223333',
        region: 'eu-west-1',
        host: { instanceId: 'i-0abc1234def567890' },
      });
      expect(tally.signals[0]).not.toHaveProperty('image'); // no t= in this build
      expect((tally.signals[0] as { command: string }).command).toContain('dockerfile=Dockerfile&labels=%7B%7D');
      expect(tally.summary().ignored).toEqual({ 'dockerd:not-an-api-call': 22, 'host:blank-line': 1 });
      expect(tally.rejected.size).toBe(0);
    });

    it('reads the trailing-space padded [BUILDER] and INFO lines as dockerd lines', () => {
      expect(lines.slice(0, 23).every((l) => looksLikeHostLogLine(l) === 'dockerd')).toBe(true);
      expect(parseDockerdLine(lines[22]!)).toMatchObject({ level: 'info', msg: expect.stringMatching(/^Layer sha256:8e10700d.* cleaned up$/) });
    });
  });

  describe('docker/docker-docs-daemon-logs-macos-dockerd.log (macOS prefix + logfmt)', () => {
    const lines = read('docker/docker-docs-daemon-logs-macos-dockerd.log').split('\n').filter((l) => l.length > 0);

    it('reads the line time from logfmt, behind the macOS prefix', () => {
      expect(lines).toHaveLength(6);
      expect(parseDockerdLine(lines[2]!)).toMatchObject({
        level: 'debug',
        msg: 'Calling POST /v1.41/containers/35fc5ec0ffe1ad492d0a4fbf51fd6286a087b89d4dd66367fa3b7aec70b46a40/wait?condition=removed',
        time: Date.parse('2021-07-28T10:21:21.499Z'),
        prefixTime: { kind: 'iso', ms: Date.parse('2021-07-28T10:21:21Z') },
      });
    });

    it('emits nothing for container wait/inspect/start calls and counts every line', () => {
      const tally = runLines(lines);
      expect(tally.records).toBe(6);
      expect(tally.signals).toHaveLength(0);
      expect(tally.summary().ignored).toEqual({ 'dockerd:api-call-ignored': 3, 'dockerd:not-an-api-call': 3 });
      expect(tally.rejected.size).toBe(0);
    });

    it('keeps the last line, truncated inside its quoted msg, as a dockerd line', () => {
      expect(parseDockerdLine(lines[5]!)?.msg).toMatch(/^container mounted via layerStore: &\{\/var\/lib\/docker\/overlay2\/6e76/);
    });
  });

  describe('auditd/go-libaudit-aucoalesce-testdata-execve.log (SYSCALL, EXECVE, CWD, PATH, EOE)', () => {
    const lines = read('auditd/go-libaudit-aucoalesce-testdata-execve.log').split('\n').filter((l) => l.length > 0);

    it('assembles one event: grep --color=auto mapping run by auid 1000 in /home/andrew_kroh', () => {
      const events = assemble(lines);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ argv: ['grep', '--color=auto', 'mapping'], cwd: '/home/andrew_kroh', serial: '59', timeMs: 1492037291036, execve: true });
      expect(events[0]!.syscall?.get('exe')).toBe('/usr/bin/grep');
      expect(osUserOf(events[0]!)).toBe('1000');
    });

    it('counts the grep exec as not a build', () => {
      const tally = runLines(lines);
      expect(tally.records).toBe(6);
      expect(tally.signals).toHaveLength(0);
      expect(tally.summary().ignored).toEqual({ 'auditd:not-a-build-command': 1 });
    });

    it('becomes a build signal when the same event executes docker build (hex-encoded tag)', () => {
      const build = lines.map((l) => (l.startsWith('type=EXECVE') ? 'type=EXECVE msg=audit(1492037291.036:59): argc=4 a0="docker" a1="build" a2="-t" a3=6D792F6170703A32' : l));
      const tally = runLines(build, { logStream: 'i-0123456789abcdef0' });
      expect(tally.signals).toEqual([
        expect.objectContaining({
          kind: 'build',
          rule: 'execve-build',
          source: 'auditd',
          method: 'execve',
          tool: 'docker',
          command: 'docker build -t my/app:2',
          image: 'docker.io/my/app:2',
          time: '2017-04-12T22:48:11.036Z',
          actor: { osUser: '1000' },
          host: { instanceId: 'i-0123456789abcdef0' },
          ref: 't:1',
        }),
      ]);
    });
  });

  describe('auditd/go-libaudit-aucoalesce-testdata-ubuntu-20.04.6-linux-5.15.0-1034-gcp.yaml (no EOE, PROCTITLE hex)', () => {
    const lines = yamlAuditLines(read('auditd/go-libaudit-aucoalesce-testdata-ubuntu-20.04.6-linux-5.15.0-1034-gcp.yaml'));

    it('extracts the five raw records', () => {
      expect(lines.map((l) => l.slice(0, l.indexOf(' ')))).toEqual(['type=SYSCALL', 'type=EXECVE', 'type=PATH', 'type=PATH', 'type=PROCTITLE']);
    });

    it('closes the event without EOE at the end of the batch and decodes the NUL-separated proctitle', () => {
      const events = assemble(lines);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ argv: ['dash', '-p'], proctitle: ['dash', '-p'], serial: '28860764', timeMs: 1686666551525 });
      expect(osUserOf(events[0]!)).toBe('1005');
    });

    it('counts the dash exec as not a build', () => {
      const tally = runLines(lines);
      expect(tally.records).toBe(5);
      expect(tally.signals).toHaveLength(0);
      expect(tally.summary().ignored).toEqual({ 'auditd:not-a-build-command': 1 });
    });
  });
});
