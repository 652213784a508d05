/**
 * `npm run eval [-- --only name[,name…]] [-- --write dir]`: replays every scenario through the real
 * pipeline and prints one row per scenario (expected, got, OK/FAIL), then recall, paging precision
 * and exact-severity rate. Exits 1 when a scenario fails. `--write dir` keeps each scenario's logs and
 * config under dir/<name>/ (replay them with `an1261 replay dir/<name>/logs --config dir/<name>/config.json`).
 */
import { evaluate } from './run-scenario';
import { describeExpected, describeFinding, totals, type Verdict } from './score';
import { SCENARIOS } from './scenarios';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

async function main(): Promise<number> {
  const only = flag('--only')?.split(',');
  const writeDir = flag('--write');
  const chosen = only ? SCENARIOS.filter((s) => only.includes(s.name)) : SCENARIOS;
  if (chosen.length === 0) throw new Error(`no scenario named ${only?.join(', ')}`);
  const rows: string[][] = [['SCENARIO', 'KIND', 'EXPECTED', 'GOT', 'RESULT']];
  const verdicts: Verdict[] = [];
  for (const s of chosen) {
    const v = await evaluate(s, writeDir);
    verdicts.push(v);
    const min = String((s.config?.minNotifySeverity as string | undefined) ?? 'MEDIUM');
    const expected = s.expected.map(describeExpected).join('; ') || 'no page';
    const got = v.findings.map((f) => describeFinding(f, min)).join('; ') || 'none';
    rows.push([s.name, s.kind, expected, got, v.ok ? 'OK' : 'FAIL']);
  }
  const widths = rows[0]!.map((_, c) => Math.min(70, Math.max(...rows.map((r) => r[c]!.length))));
  for (const r of rows) process.stdout.write(`${r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ')}\n`);
  for (const v of verdicts.filter((x) => !x.ok)) process.stdout.write(`\nFAIL ${v.scenario.name}:\n${v.problems.map((p) => `  - ${p}`).join('\n')}\n`);
  const t = totals(verdicts);
  process.stdout.write(`\nscenarios: ${verdicts.length} (${t.attacks} attack, ${verdicts.length - t.attacks} benign), failed: ${t.failed.length}${t.failed.length ? ` (${t.failed.join(', ')})` : ''}\n`);
  process.stdout.write(`recall: ${pct(t.recall)} (${t.attacksFound}/${t.attacks} attack scenarios with every expected finding found)\n`);
  process.stdout.write(`paging precision: ${t.pages ? pct(t.precision) : 'n/a'} (${t.attackPages}/${t.pages} pages from attack scenarios)\n`);
  process.stdout.write(`exact-severity rate: ${pct(t.exactRate)} (${t.exact}/${t.expected} expected findings with exactly the expected severity)\n`);
  return t.failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`eval: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(2);
  },
);
