/**
 * Every detection rule ships positive and negative raw events beside it (`<id>.events.json`).
 * This one test replays them all through the real normalizers and checks exactly which signals
 * the rule emits. A rule without events, or without both a positive and a negative case, fails.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../../lambdas/core/model/config';
import { compileSettings } from '../../../lambdas/core/model/settings';
import type { SourceKind } from '../../../lambdas/core/model/signal';
import { REGISTERED_RULES } from '../../../lambdas/core/rules';
import type { Rule } from '../../../lambdas/core/rules/rule';
import { normalizeSource, type SourceBatchContext } from '../../../lambdas/core/sources/normalize-source';

interface RuleEvent {
  name: string;
  source: SourceKind;
  context?: SourceBatchContext;
  config?: unknown;
  /** A JSON record, an array of records, or log text (one record per line). */
  input: unknown;
  /** Signals this rule must emit, in order (partial match); [] for a negative case. */
  expect: Record<string, unknown>[];
}

const RULES_DIR = join(__dirname, '../../../lambdas/core/rules');

function ruleFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return ruleFiles(p);
    return name.endsWith('.rule.ts') ? [p] : [];
  });
}

function toRecords(source: SourceKind, input: unknown) {
  const lineSource = source === 'vpc-flow' || source === 'dockerd' || source === 'auditd';
  const items: unknown[] = lineSource && typeof input === 'string' ? input.split('\n') : Array.isArray(input) ? input : [input];
  return items.map((data, i) => ({ data, ref: `event:${i + 1}` }));
}

const files = ruleFiles(RULES_DIR);

describe('Detection rules and their events', () => {
  it('finds rules, and every registered rule has its file', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect(REGISTERED_RULES.map((r) => r.id).sort()).toEqual(files.map((f) => f.replace(/^.*\//, '').replace(/\.rule\.ts$/, '')).sort());
  });

  describe.each(files.map((f) => [f.slice(RULES_DIR.length + 1), f]))('%s', (_name, file) => {
    const id = file.replace(/^.*\//, '').replace(/\.rule\.ts$/, '');
    const mod = require(file) as Record<string, unknown>;
    const rule = Object.values(mod).find((v): v is Rule<unknown> => typeof v === 'object' && v !== null && (v as Rule<unknown>).id === id);
    const eventsFile = file.replace(/\.rule\.ts$/, '.events.json');
    const events = JSON.parse(readFileSync(eventsFile, 'utf8')) as { events: RuleEvent[] };

    it('exports a rule whose id is its file name, with a title and description', () => {
      expect(rule).toBeDefined();
      expect(rule!.title.length).toBeGreaterThan(5);
      expect(rule!.description.length).toBeGreaterThan(10);
    });

    it('is listed in its source’s registry, so a normalizer offers it records', () => {
      expect(REGISTERED_RULES).toContain(rule);
    });

    it('has at least one positive and one negative event', () => {
      expect(events.events.some((e) => e.expect.length > 0)).toBe(true);
      expect(events.events.some((e) => e.expect.length === 0)).toBe(true);
    });

    it.each(events.events.map((e) => [e.name, e]))('%s', (_n, ev) => {
      const settings = compileSettings(parseConfig(ev.config ?? {}));
      const tally = normalizeSource(ev.source, toRecords(ev.source, ev.input), ev.context ?? {}, settings);
      const got = tally.signals.filter((s) => s.rule === id);
      expect(got).toHaveLength(ev.expect.length);
      ev.expect.forEach((want, i) => expect(got[i]).toMatchObject(want));
      expect(rule!.source === ev.source || (rule!.source === 'dockerd' && ev.source === 'auditd') || (rule!.source === 'auditd' && ev.source === 'dockerd')).toBe(true);
    });
  });
});
