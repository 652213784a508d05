/**
 * Which host a log line came from. The CloudWatch agent names streams `{instance_id}` by default,
 * and people add suffixes (`i-0abc…/docker`, `i-0abc….log`, `i-0abc…-audit`): the instance id is the
 * strongest identity, so it wins. Otherwise the line's own host name (syslog host, auditd `node=`)
 * or a host-named stream, with the IPv4 an EC2 default host name spells (`ip-10-0-1-5…` → 10.0.1.5).
 */
import type { HostRef } from '../../model/signal';

const INSTANCE_ID = /^i-[0-9a-f]{8,17}(?![0-9a-z])/;
const EC2_IP_NAME = /^ip-(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})(?![\d-])/;

/** Instance id at the start of a stream or host name (`i-0abc…`, `i-0abc….ec2.internal`), if any. */
export function instanceIdOf(name: string | undefined): string | undefined {
  if (!name || name.charCodeAt(0) !== 0x69 /* i */) return undefined;
  return INSTANCE_ID.exec(name)?.[0];
}

/** IPv4 spelled by an EC2 IP-based host name (`ip-10-0-1-5`, `ip-10-0-1-5.ec2.internal`). */
export function ipOfHostname(name: string): string | undefined {
  const m = EC2_IP_NAME.exec(name);
  if (!m) return undefined;
  const octets = [m[1], m[2], m[3], m[4]].map(Number);
  return octets.every((o) => o <= 255) ? octets.join('.') : undefined;
}

/** True for Kubernetes node names of EKS/EC2 hosts (private DNS names). */
function isNodeName(name: string): boolean {
  return name.endsWith('.compute.internal') || name.endsWith('.ec2.internal');
}

/** Host from a host name written by the line (or naming the stream). */
function fromHostname(hostname: string): HostRef {
  const host: HostRef = { hostname };
  const instanceId = instanceIdOf(hostname);
  if (instanceId) host.instanceId = instanceId;
  const ip = ipOfHostname(hostname);
  if (ip) host.ip = ip;
  if (isNodeName(hostname)) host.nodeName = hostname;
  return host;
}

/**
 * The host of a line: instance id from the stream name, plus the line's host name; a stream named
 * after a host (`ip-10-0-1-5.ec2.internal`, Fluent Bit's default) stands in when the line names none.
 */
export function resolveHost(logStream: string | undefined, lineHostname: string | undefined): HostRef | undefined {
  const streamInstance = instanceIdOf(logStream);
  const name = lineHostname?.trim() || undefined;
  if (name) {
    const host = fromHostname(name);
    if (streamInstance) host.instanceId = streamInstance;
    return host;
  }
  if (streamInstance) return { instanceId: streamInstance };
  if (logStream && (ipOfHostname(logStream) || isNodeName(logStream))) return fromHostname(logStream);
  return undefined;
}

/** The part of a signal id that names the host: stable whichever fields are known. */
export function hostKey(host: HostRef | undefined, logStream: string | undefined): string {
  return host?.instanceId ?? host?.hostname ?? logStream ?? '';
}
