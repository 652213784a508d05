/** The fields every host-log signal shares: deterministic id, time, source, reference and host. */
import type { RuleContext } from '../rule';
import type { HostRef, PushSignal, SignalBase, SourceKind } from '../../model/signal';
import { type ImageRef, formatImageRef, normalizeImage } from '../../model/image-ref';
import { stableId } from '../../util/hash';

/** Evidence strings are capped: a command line or URI can be as long as an attacker likes. */
export const MAX_EVIDENCE_CHARS = 2048;

interface Fact {
  timeMs: number;
  host?: HostRef;
  identity: string;
}

export type HostSignalBase = Omit<SignalBase, 'kind' | 'actor' | 'image'>;

export function hostSignalBase(rule: string, source: SourceKind, fact: Fact, ctx: RuleContext): HostSignalBase {
  const base: HostSignalBase = { id: stableId(rule, fact.identity), rule, time: new Date(fact.timeMs).toISOString(), source, ref: ctx.ref };
  if (ctx.account) base.account = ctx.account;
  if (ctx.region) base.region = ctx.region;
  if (ctx.cluster) base.cluster = ctx.cluster;
  if (fact.host) base.host = { ...fact.host };
  return base;
}

export function evidence(s: string): string {
  return s.length > MAX_EVIDENCE_CHARS ? `${s.slice(0, MAX_EVIDENCE_CHARS - 1)}…` : s;
}

/** The image named by separate `repo` and `tag` query values (commit, import); a bad tag keeps the repository. */
export function repoTagImage(repo: string | undefined, tag: string | undefined): string | undefined {
  if (!repo) return undefined;
  return (tag ? normalizeImage(`${repo}:${tag}`) : undefined) ?? normalizeImage(repo);
}

/** The push signal of an image reference pushed from a host (dockerd API call or push command). */
export function hostPushSignal(rule: string, source: SourceKind, fact: Fact, ctx: RuleContext, ref: ImageRef): PushSignal {
  const signal: PushSignal = { ...hostSignalBase(rule, source, fact, ctx), kind: 'push', image: formatImageRef(ref), registry: ref.registry, repository: ref.repository };
  if (ref.tag !== undefined) signal.tag = ref.tag;
  if (ref.digest !== undefined) signal.digest = ref.digest;
  return signal;
}
