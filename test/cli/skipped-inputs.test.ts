/** Entries skipped while recursing a directory (dot-files) are said and counted, never silently dropped. */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli';

describe('an1261 signals / replay on a directory with a dot-file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'an1261-skip-'));
  copyFileSync(join(__dirname, '../../samples/logs/ecr-events.jsonl'), join(dir, 'ecr-events.jsonl'));
  writeFileSync(join(dir, '.hidden.jsonl'), '{"not":"read"}\n');

  it.each(['signals', 'replay'])('%s says which entry it skipped and counts it', async (command) => {
    const { code, stderr } = await runCli(command, dir, '--config', join(__dirname, '../../samples/config.json'));
    expect(code).toBe(0);
    expect(stderr).toContain(`skipped input: ${join(dir, '.hidden.jsonl')} (input:skipped-dot-file)`);
    expect(stderr).toMatch(/input:skipped-dot-file: 1/);
  });
});
