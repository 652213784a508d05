/**
 * Properties of normalizeEksAudit under arbitrary and mutated input: it never throws, accounts for
 * every record, emits well-formed signals, and garbage mixed into a batch costs no valid signal.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { SourceRecord } from '../../../../lambdas/core/model/batch';
import type { Tally } from '../../../../lambdas/core/model/normalize-result';
import type { Signal } from '../../../../lambdas/core/model/signal';
import { EKS_CTX, run } from './audit-fixtures';
import { corpusPath } from '../../../support/corpus';

const RULES_DIR = join(__dirname, '../../../../lambdas/core/rules/eks-audit');
const CORPUS = corpusPath('eks-audit');

/** Valid events: every rule event input and the parseable corpus samples. */
function validEvents(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const f of readdirSync(RULES_DIR).filter((n) => n.endsWith('.events.json'))) {
    const { events } = JSON.parse(readFileSync(join(RULES_DIR, f), 'utf8')) as { events: Array<{ input: unknown }> };
    for (const e of events) {
      for (const item of Array.isArray(e.input) ? e.input : [e.input]) out.push((typeof item === 'string' ? JSON.parse(item) : item) as Record<string, unknown>);
    }
  }
  for (const f of readdirSync(CORPUS)) {
    const v = JSON.parse(readFileSync(join(CORPUS, f), 'utf8')) as Record<string, unknown>;
    if (typeof v['auditID'] === 'string') out.push(v);
  }
  return out;
}

const VALID = validEvents();
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function checkSignals(t: Tally): void {
  for (const s of t.signals) {
    expect(s.source).toBe('eks-audit');
    expect(s.id).toMatch(/^[0-9a-f]{32}$/);
    expect(s.time).toMatch(ISO_MS);
    expect(typeof s.ref).toBe('string');
  }
}

/** Every record ends as a signal source or at least one counted reason. */
function accounted(t: Tally, n: number): void {
  const counted = [...t.rejected.values(), ...t.ignored.values()].reduce((a, b) => a + b, 0);
  expect(t.records).toBe(n);
  expect(t.signals.length + counted).toBeGreaterThanOrEqual(n);
}

function isPlain(v: unknown): v is object {
  if (!v || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return Array.isArray(v) || proto === Object.prototype || proto === null;
}

/** The paths of every value inside a JSON-like value (plain objects and arrays only), for mutation. */
function paths(v: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  if (isPlain(v)) {
    for (const [k, child] of Object.entries(v)) {
      const p = [...prefix, Array.isArray(v) ? Number(k) : k];
      out.push(p);
      paths(child, p, out);
    }
  }
  return out;
}

function mutate(event: unknown, edits: Array<{ at: number; del: boolean; value: unknown }>): unknown {
  const copy = structuredClone(event);
  for (const edit of edits) {
    const all = paths(copy);
    if (all.length === 0) break;
    const path = all[edit.at % all.length]!;
    let parent = copy as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    if (edit.del) delete parent[last];
    else parent[last] = edit.value;
  }
  return copy;
}

/** Beyond JSON: records handed over as objects may hold anything a program can build. */
const ANY = { withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true, withBoxedValues: true };

const garbage = fc.oneof(
  fc.anything(ANY),
  fc.string(),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.constantFrom('{"kind":0}', '{"kind":"EventList","items":[1,null,{}]}', '{"kind":"Event","auditID":5}', '{', 'null', '[]', '{"properties":{"log":"{"}}'),
);

const withSignalSignature = (s: Signal) => JSON.stringify({ ...s, ref: undefined });

describe('normalizeEksAudit properties', () => {
  it('has valid events to mutate', () => {
    expect(VALID.length).toBeGreaterThan(30);
  });

  it('never throws on arbitrary records, and accounts for each', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ data: garbage, timestamp: fc.option(fc.double(), { nil: undefined }) }), { maxLength: 8 }), (items) => {
        const recs: SourceRecord[] = items.map((it, i) => ({ data: it.data, ref: `g${i}`, ...(it.timestamp !== undefined ? { timestamp: it.timestamp } : {}) }));
        const t = run(recs);
        accounted(t, recs.length);
        checkSignals(t);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on mutated valid events (deleted keys, replaced values), as objects or strings', () => {
    const edit = fc.record({ at: fc.nat(), del: fc.boolean(), value: fc.anything(ANY) });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: VALID.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 4 }), fc.boolean(), (i, edits, asString) => {
        const mutated = mutate(VALID[i], edits);
        let data: unknown = mutated;
        if (asString) {
          try {
            data = JSON.stringify(mutated);
          } catch {
            data = mutated; // BigInt and other values JSON cannot carry
          }
        }
        const t = run([{ data, ref: 'm' }]);
        accounted(t, 1);
        checkSignals(t);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps every signal of valid events when garbage is mixed into the batch', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(VALID, { minLength: 1, maxLength: 8 }), fc.array(garbage, { maxLength: 6 }), fc.nat(), (valid, junk, seed) => {
        // Distinct auditIDs so that stage deduplication does not merge unrelated valid events.
        const events = valid.map((e, i) => ({ ...e, auditID: `valid-${i}` }));
        const alone = run(events.map((data, i) => ({ data, ref: `v${i}` })), EKS_CTX);
        const mixed: unknown[] = [...events];
        junk.forEach((j, k) => mixed.splice((seed + k * 7) % (mixed.length + 1), 0, j));
        const together = run(mixed.map((data, i) => ({ data, ref: `x${i}` })), EKS_CTX);
        expect(together.signals.map(withSignalSignature).sort()).toEqual(alone.signals.map(withSignalSignature).sort());
        accounted(together, mixed.length);
      }),
      { numRuns: 200 },
    );
  });
});
