/**
 * The host of a Kubernetes node from its name: EKS node names carry the instance id
 * (`i-0abc….ec2.internal`, resource-name hostnames) or the private IPv4
 * (`ip-10-0-1-23.us-east-1.compute.internal`), which is how pod-level signals meet flow logs.
 */
import type { HostRef } from '../../model/signal';

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

/** Instance id and/or IPv4 read from a node name, plus the name itself. */
export function hostOfNode(nodeName: string): HostRef {
  const host: HostRef = { nodeName };
  const dot = nodeName.indexOf('.');
  const label = (dot >= 0 ? nodeName.slice(0, dot) : nodeName).toLowerCase();
  if (label.startsWith('i-') && INSTANCE_ID.test(label)) {
    host.instanceId = label;
  } else if (label.startsWith('ip-')) {
    const octets = label.slice(3).split('-');
    if (octets.length === 4 && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255)) host.ip = octets.map(Number).join('.');
  }
  return host;
}

/** A pod's host: the pod, and its node when known. */
export function podHost(namespace: string, name: string | undefined, nodeName: string | undefined): HostRef | undefined {
  const host: HostRef = nodeName ? hostOfNode(nodeName) : {};
  if (name) host.pod = { namespace, name };
  return Object.keys(host).length > 0 ? host : undefined;
}
