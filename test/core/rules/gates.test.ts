/**
 * The hidden gates (lambdas/core/rules/gates.ts) drop events before any rule sees them. A rule
 * whose positive event a gate drops passes its own tests and never fires in production; so every
 * event that makes a rule fire, in every rule's positive cases, is fed through both gates:
 *  - the audit pre-filter (on the event's request key, as the EKS audit normalizer applies it);
 *  - the CloudWatch Logs subscription filter pattern of the EKS log groups (on the event as the
 *    control plane writes it to CloudWatch Logs: one JSON message per event).
 * Only EKS audit events cross these gates; the other sources have none.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditRecord } from '../../../lambdas/core/records/eks-audit/audit-record';
import { buildAuditRecord, requestKeyOf } from '../../../lambdas/core/records/eks-audit/audit-record';
import { EKS_AUDIT_RULES } from '../../../lambdas/core/rules';
import { auditPreFilter, EKS_AUDIT_FILTER_PATTERN, type Rule } from '../../../lambdas/core/rules/rule';
import { decodeAuditData } from '../../../lambdas/core/sources/eks-audit/decode-audit-data';
import { compileFilterPattern } from '../../support/cwl-filter-pattern';

const RULES_DIR = join(__dirname, '../../../lambdas/core/rules/eks-audit');
const deliveredByCwl = compileFilterPattern(EKS_AUDIT_FILTER_PATTERN);

interface RuleEvent {
  name: string;
  context?: Record<string, string>;
  input: unknown;
  expect: unknown[];
}

/** The audit events of a positive case that make `rule` fire, each with its CloudWatch Logs message. */
function firingEvents(rule: Rule<AuditRecord>, ev: RuleEvent): Array<{ message: string; key: ReturnType<typeof requestKeyOf> }> {
  const records = Array.isArray(ev.input) ? ev.input : [ev.input];
  return records.flatMap((data: unknown) => {
    const decoded = decodeAuditData(data);
    if (!('events' in decoded)) throw new Error(`${ev.name}: not an audit event`);
    return decoded.events.flatMap(({ event }) => {
      const key = requestKeyOf(event);
      const record = buildAuditRecord(event, key, undefined);
      const outcome = record && rule.evaluate(record, { ...ev.context, cluster: 'prod', ref: 'gate-test' });
      const fires = outcome !== undefined && 'signals' in outcome && outcome.signals.length > 0;
      return fires ? [{ message: typeof data === 'string' ? data : JSON.stringify(event), key }] : [];
    });
  });
}

describe('The EKS subscription filter pattern (a CloudWatch Logs JSON pattern)', () => {
  const event = (verb: string, subresource?: string) => JSON.stringify({ kind: 'Event', verb, objectRef: { resource: 'pods', ...(subresource ? { subresource } : {}) } });

  it('delivers writes, deletes and exec (create, or get from websocket clients)', () => {
    for (const m of [event('create'), event('patch', 'status'), event('delete'), event('create', 'exec'), event('get', 'exec')]) expect(deliveredByCwl(m)).toBe(true);
  });

  it('drops reads, non-audit lines and other kinds', () => {
    for (const m of [event('get'), event('list'), event('watch'), 'I1202 kube-apiserver started', JSON.stringify({ kind: 'EventList', verb: 'create' })]) {
      expect(deliveredByCwl(m)).toBe(false);
    }
  });

  it('is read by a matcher that refuses syntax it does not implement', () => {
    expect(() => compileFilterPattern('ERROR ?WARN')).toThrow(/expected "\{"/);
    expect(() => compileFilterPattern('{ $.latency > 100 }')).toThrow(/expected = or !=/);
    expect(compileFilterPattern('{ $.a.b = "x*" || ($.c != 1 && $.d = y) }')(JSON.stringify({ a: { b: 'xyz' } }))).toBe(true);
  });
});

describe.each(EKS_AUDIT_RULES.map((r) => [r.id, r] as const))('Rule %s: its positive events pass both hidden gates', (id, rule) => {
  const cases = (JSON.parse(readFileSync(join(RULES_DIR, `${id}.events.json`), 'utf8')) as { events: RuleEvent[] }).events.filter((e) => e.expect.length > 0);

  it('has positive events in rules/eks-audit', () => {
    expect(readdirSync(RULES_DIR)).toContain(`${id}.events.json`);
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, ev) => {
    const firing = firingEvents(rule, ev);
    expect(firing.length).toBeGreaterThan(0);
    for (const { message, key } of firing) {
      expect({ preFilter: auditPreFilter(key) ?? 'passes', subscriptionFilter: deliveredByCwl(message) ? 'delivers' : 'drops' }).toEqual({ preFilter: 'passes', subscriptionFilter: 'delivers' });
    }
  });
});
