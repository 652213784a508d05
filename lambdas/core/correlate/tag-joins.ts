/**
 * Whether a push belongs to a build's chain when they meet only by tag (pure). A digest match always
 * joins. A tag is a name anyone can reuse: a developer's `--no-push` build that happens to use CI's
 * tag is not the build CI pushed. So a tag join needs the same actor or host when
 *  - the push is by an approved builder (CI's push is CI's image), or
 *  - every build of that tag says it does not push (kaniko `--no-push`, buildx `--load` …).
 * A push that names nobody (an ECR EventBridge event) or an unapproved pusher joins by tag.
 */
import { imageKeys } from '../model/image-ref';
import type { BuildSignal, PushSignal } from '../model/signal';
import { canonicalIp, signalHostKeys } from './state-keys';

/** Identities of the chain's hosts, after entity resolution. */
export interface KnownHosts {
  instanceIds: readonly string[];
  ips: readonly string[];
  nodeNames: readonly string[];
  /**
   * The same hosts as state partitions, each in its account (`H#ip:<account>/<ip>` …): when given, a
   * push's host must be one of these, so 10.0.1.23 of another account is not the chain's host.
   */
  keys?: { ips: readonly string[]; instances: readonly string[]; nodes: readonly string[] };
}

/** The push came from one of the chain's hosts (after entity resolution). */
export function pushFromChainHost(p: PushSignal, chainHosts: KnownHosts): boolean {
  const h = p.host;
  if (!h) return false;
  if (chainHosts.keys) {
    const known = new Set([...chainHosts.keys.ips, ...chainHosts.keys.instances, ...chainHosts.keys.nodes]);
    return signalHostKeys(p).some((k) => known.has(k));
  }
  const ip = canonicalIp(h.ip);
  return (h.instanceId !== undefined && chainHosts.instanceIds.includes(h.instanceId)) || (ip !== undefined && chainHosts.ips.includes(ip)) || (h.nodeName !== undefined && chainHosts.nodeNames.includes(h.nodeName));
}

export function sameActorOrHost(b: BuildSignal, p: PushSignal, chainHosts: KnownHosts): boolean {
  if (b.actor?.arn && b.actor.arn === p.actor?.arn) return true;
  const pk = new Set(signalHostKeys(p));
  return signalHostKeys(b).some((k) => pk.has(k)) || pushFromChainHost(p, chainHosts);
}

export function shareDigest(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const da = imageKeys(a).filter((k) => k.startsWith('digest:'));
  return imageKeys(b).some((k) => da.includes(k));
}

export function shareTag(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const ta = imageKeys(a).filter((k) => k.startsWith('tag:'));
  return imageKeys(b).some((k) => ta.includes(k));
}

/**
 * Does push `p` join a chain with these builds? `approved`: the pusher is an approved builder.
 * `sameHost`: the push came from one of the chain's hosts (joined through its host, not its image).
 */
export function pushJoins(p: PushSignal, builds: readonly BuildSignal[], approved: boolean, chainHosts: KnownHosts): boolean {
  if (builds.some((b) => shareDigest(b.image, p.image))) return true;
  const tagged = builds.filter((b) => shareTag(b.image, p.image));
  if (tagged.some((b) => sameActorOrHost(b, p, chainHosts))) return true;
  if (approved) return pushFromChainHost(p, chainHosts);
  return tagged.length === 0 || !tagged.every((b) => b.noPush === true);
}
