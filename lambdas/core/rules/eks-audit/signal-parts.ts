/**
 * Fields every EKS audit signal shares: a deterministic id from rule + auditID (never the stage,
 * so the RequestReceived and ResponseComplete events of one request dedupe downstream), the
 * event's time, where it came from and who did it.
 */
import type { BuildSignal } from '../../model/signal';
import type { AuditRecord } from '../../records/eks-audit/audit-record';
import { stableId } from '../../util/hash';
import type { RuleContext } from '../rule';

export type CommonFields = Pick<BuildSignal, 'id' | 'rule' | 'time' | 'source' | 'ref' | 'account' | 'region' | 'cluster' | 'actor'>;

/** `discriminator` separates several signals of one rule from one event (e.g. dual-stack pod IPs). */
export function commonFields(rule: string, rec: AuditRecord, ctx: RuleContext, discriminator?: string): CommonFields {
  return {
    id: stableId('eks-audit', rule, rec.auditId, discriminator),
    rule,
    time: rec.time,
    source: 'eks-audit',
    ref: ctx.ref,
    ...(ctx.account ? { account: ctx.account } : {}),
    ...(ctx.region ? { region: ctx.region } : {}),
    ...(ctx.cluster ? { cluster: ctx.cluster } : {}),
    ...(rec.actor ? { actor: rec.actor } : {}),
  };
}
