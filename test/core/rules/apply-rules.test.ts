/**
 * applyRules: how a normalizer counts what its registry decided about one record. Every record
 * ends once in the tally — as the source of its signals, or under one reject or ignore reason.
 */
import { Tally } from '../../../lambdas/core/model/normalize-result';
import type { Signal } from '../../../lambdas/core/model/signal';
import { applyRules } from '../../../lambdas/core/rules/apply-rules';
import { NO_SIGNAL, type Rule, type RuleOutcome, signalsOutcome } from '../../../lambdas/core/rules/rule';

const REASONS = { noMatch: 'test:no-match', ruleError: 'test:rule-error' };
const signal = (id: string) => ({ kind: 'build', id, rule: id, time: '2026-12-02T00:00:00.000Z', source: 'dockerd', ref: 'r', host: {}, method: 'docker-api' }) as unknown as Signal;

function rule(id: string, outcome: RuleOutcome | (() => never)): Rule<string> {
  return { id, source: 'dockerd', title: id, description: id, evaluate: typeof outcome === 'function' ? outcome : () => outcome };
}

function run(...rules: Rule<string>[]) {
  const tally = new Tally();
  const emitted = applyRules(rules, 'record', { ref: 'line:1' }, tally, REASONS);
  const { ignored, rejected } = tally.summary();
  return { emitted, signals: tally.signals.map((s) => s.id), ignored, rejected, samples: tally.rejectSamples };
}

describe('applyRules', () => {
  it('keeps every rule’s signals, and counts no reason for a record that gave signals', () => {
    const r = run(rule('a', signalsOutcome(signal('a1'), signal('a2'))), rule('b', { ignore: 'test:b' }), rule('c', signalsOutcome(signal('c1'))));
    expect(r).toMatchObject({ emitted: 3, signals: ['a1', 'a2', 'c1'], ignored: {}, rejected: {} });
  });

  it('counts a record without signal once: the first reject wins over ignores', () => {
    const r = run(rule('a', { ignore: 'test:a' }), rule('b', { reject: 'test:b', detail: 'bad field' }), rule('c', { reject: 'test:c' }));
    expect(r).toMatchObject({ emitted: 0, ignored: {}, rejected: { 'test:b': 1 }, samples: [{ reason: 'test:b', ref: 'line:1', detail: 'bad field' }] });
  });

  it('else the first ignore reason, else the registry’s no-match reason', () => {
    expect(run(rule('a', NO_SIGNAL), rule('b', { ignore: 'test:b' }), rule('c', { ignore: 'test:c' })).ignored).toEqual({ 'test:b': 1 });
    expect(run(rule('a', NO_SIGNAL), rule('b', NO_SIGNAL)).ignored).toEqual({ 'test:no-match': 1 });
  });

  it('does not count a record when the registry has no no-match reason (a reduction of counted lines)', () => {
    const tally = new Tally();
    applyRules([rule('a', NO_SIGNAL)], 'pair', { ref: 'p' }, tally, { ruleError: 'test:rule-error' });
    expect(tally.summary()).toMatchObject({ ignored: {}, rejected: {} });
  });

  it('turns a throwing rule into a reject naming it, and still keeps the other rules’ signals', () => {
    const boom = rule('boom', () => {
      throw new Error('kaput');
    });
    const r = run(boom, rule('b', signalsOutcome(signal('b1'))));
    expect(r).toMatchObject({ emitted: 1, signals: ['b1'], rejected: { 'test:rule-error': 1 }, samples: [{ reason: 'test:rule-error', detail: 'boom: kaput' }] });
    expect(run(boom).ignored).toEqual({});
  });
});
