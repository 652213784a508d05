/**
 * `npm run eval [-- --only name[,name…]] [-- --variant N | --variants A-B] [-- --write dir]`: replays every
 * scenario through the real pipeline and prints one row per scenario (expected, got, OK/FAIL), then recall,
 * paging precision and exact-severity rate. Exits 1 when a scenario fails.
 *  - `--variant N` runs draw N of the suite (0, the default, is the suite as written; N > 0 re-seeds every
 *    random draw of each scenario with `key#N`: names, build RNG, base time);
 *  - `--variants A-B` runs draws A to B: the table of each variant only for its failures, its totals, then the
 *    totals over all of them;
 *  - `--write dir` keeps each scenario's logs and config under dir/<name>/ (dir/v<N>/<name>/ with --variants;
 *    replay them with `an1261 replay dir/<name>/logs --config dir/<name>/config.json`).
 */
import { join } from 'node:path';
import { salted } from './rng';
import { evaluate } from './run-scenario';
import { describeExpected, describeFinding, totals, type Verdict } from './score';
import { scenarios } from './scenarios';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** A wrong command line: said in one line, without a stack trace. */
class UsageError extends Error {}

/** The variants asked for: `--variants A-B`, `--variant N`, or 0. */
function variants(): { list: number[]; range: boolean } {
  const range = flag('--variants');
  if (range !== undefined) {
    const m = /^(\d+)-(\d+)$/.exec(range);
    if (!m || Number(m[1]) > Number(m[2])) throw new UsageError(`--variants wants A-B with A <= B, got ${range}`);
    return { list: Array.from({ length: Number(m[2]) - Number(m[1]) + 1 }, (_, i) => Number(m[1]) + i), range: true };
  }
  const one = flag('--variant') ?? '0';
  if (!/^\d+$/.test(one)) throw new UsageError(`--variant wants a number, got ${one}`);
  return { list: [Number(one)], range: false };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const out = (text: string) => process.stdout.write(text);

function table(verdicts: readonly Verdict[]): void {
  const rows: string[][] = [['SCENARIO', 'KIND', 'EXPECTED', 'GOT', 'RESULT']];
  for (const v of verdicts) {
    const s = v.scenario;
    const min = String((s.config?.minNotifySeverity as string | undefined) ?? 'MEDIUM');
    const expected = s.expected.map(describeExpected).join('; ') || 'no page';
    const got = v.findings.map((f) => describeFinding(f, min)).join('; ') || 'none';
    rows.push([s.name, s.kind, expected, got, v.ok ? 'OK' : 'FAIL']);
  }
  const widths = rows[0]!.map((_, c) => Math.min(70, Math.max(...rows.map((r) => r[c]!.length))));
  for (const r of rows) out(`${r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ')}\n`);
  for (const v of verdicts.filter((x) => !x.ok)) out(`\nFAIL ${v.scenario.name}:\n${v.problems.map((p) => `  - ${p}`).join('\n')}\n`);
}

function printTotals(verdicts: readonly Verdict[], label = ''): void {
  const t = totals(verdicts);
  const failed = verdicts.filter((v) => !v.ok).map((v) => (label ? v.scenario.name : salted(v.scenario.name, v.scenario.variant)));
  out(`\n${label}scenarios: ${verdicts.length} (${t.attacks} attack, ${verdicts.length - t.attacks} benign), failed: ${failed.length}${failed.length ? ` (${failed.join(', ')})` : ''}\n`);
  out(`recall: ${pct(t.recall)} (${t.attacksFound}/${t.attacks} attack scenarios with every expected finding found)\n`);
  out(`paging precision: ${t.pages ? pct(t.precision) : 'n/a'} (${t.attackPages}/${t.pages} pages from attack scenarios)\n`);
  out(`exact-severity rate: ${pct(t.exactRate)} (${t.exact}/${t.expected} expected findings with exactly the expected severity)\n`);
}

async function main(): Promise<number> {
  const only = flag('--only')?.split(',');
  const writeDir = flag('--write');
  const { list, range } = variants();
  const all: Verdict[] = [];
  for (const variant of list) {
    const suite = scenarios(variant);
    const chosen = only ? suite.filter((s) => only.includes(s.name)) : suite;
    if (chosen.length === 0) throw new UsageError(`no scenario named ${only?.join(', ')}`);
    const dir = writeDir && range ? join(writeDir, `v${variant}`) : writeDir;
    const verdicts: Verdict[] = [];
    for (const s of chosen) verdicts.push(await evaluate(s, dir));
    all.push(...verdicts);
    if (!range) {
      table(verdicts);
      printTotals(verdicts);
      continue;
    }
    out(`\n=== variant ${variant}\n`);
    const failed = verdicts.filter((v) => !v.ok);
    if (failed.length) table(failed);
    printTotals(verdicts, `variant ${variant}: `);
  }
  if (range) {
    out(`\n=== variants ${list[0]}-${list[list.length - 1]}\n`);
    printTotals(all);
  }
  return all.some((v) => !v.ok) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`eval: ${e instanceof UsageError ? e.message : e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(2);
  },
);
