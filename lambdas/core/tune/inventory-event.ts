/**
 * What the inventory keeps of one build or push (its facets, as approval judges them), and which
 * deploys are made by Kubernetes itself rather than by people or CD tools.
 */
import type { BuildSignal, PushSignal } from '../model/signal';
import { canonicalIp } from '../util/cidr';
import { utcDay } from './bounded';
import type { EventHost, InventoryEvent } from './inventory-types';

/**
 * Deploys by Kubernetes itself (controllers, kubelets) say nothing about when people release.
 * @example isControllerUser('system:node:ip-10-0-1-23.ec2.internal') === true
 */
export function isControllerUser(user: string | undefined): boolean {
  return user !== undefined && (user.startsWith('system:serviceaccount:kube-system:') || user === 'system:kube-controller-manager' || user.startsWith('system:node:'));
}

/**
 * The facet values of a build or push, as approval judges them.
 * @example eventOf(buildSignal).namespace // the build's namespace, else its pod's
 */
export function eventOf(s: BuildSignal | PushSignal): InventoryEvent {
  const h = s.host;
  const host: EventHost | undefined = h
    ? {
        ...(h.instanceId ? { instanceId: h.instanceId } : {}),
        ...(canonicalIp(h.ip) ? { ip: canonicalIp(h.ip) } : {}),
        ...(h.nodeName ? { nodeName: h.nodeName } : {}),
        ...(h.hostname ? { hostname: h.hostname } : {}),
        ...(h.pod ? { podNamespace: h.pod.namespace } : {}),
      }
    : undefined;
  const namespace = s.kind === 'build' ? (s.namespace ?? h?.pod?.namespace) : h?.pod?.namespace;
  const hostLabel = host?.instanceId ?? host?.ip ?? host?.hostname ?? host?.nodeName;
  return {
    id: s.id,
    kind: s.kind,
    time: s.time,
    day: utcDay(s.time),
    ...(s.actor?.arn ? { principal: s.actor.arn } : {}),
    ...(s.actor?.k8sUser ? { kubernetesUser: s.actor.k8sUser } : {}),
    ...(namespace ? { namespace } : {}),
    ...(host ? { host } : {}),
    ...(hostLabel ? { hostLabel } : {}),
    ...(s.kind === 'build' && s.tool ? { tool: s.tool } : {}),
    ...(s.image ? { image: s.image } : {}),
    ...(s.kind === 'push' ? { repository: `${s.registry}/${s.repository}` } : {}),
    namesHost: s.kind === 'build' || s.host !== undefined,
    ...((s.scope ?? s.account) ? { account: s.scope ?? s.account } : {}),
  };
}

