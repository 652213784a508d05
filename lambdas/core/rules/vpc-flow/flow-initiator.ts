/**
 * Who opened a flow? A flow-log record covers one direction of a connection over an aggregation
 * interval, so the record of a server answering an internet client looks like "internal → untrusted"
 * too. This tells new outbound connections from replies, so that replies never count as egress.
 *
 * Decision table, evaluated only on ACCEPTed records whose source is ours and whose destination is
 * untrusted; the first matching row wins. tcp-flags is the OR of the flags seen in the interval
 * (AWS logs FIN 1, SYN 2, RST 4 and SYN-ACK 18; a lone ACK is never logged).
 *
 * | row | protocol | tcp-flags                                   | ports                                                      | verdict        | egress |
 * |-----|----------|---------------------------------------------|------------------------------------------------------------|----------------|--------|
 * | 1   | TCP (6)  | SYN without ACK: 2, 3 (SYN+FIN), 6, 7       | any                                                        | `syn`          | yes: the source sent the SYN |
 * | 2   | TCP (6)  | SYN-ACK: 18, 19 (SYN-ACK+FIN), 22, 23       | any                                                        | `syn-ack`      | no: the source answered a SYN |
 * | 3   | any      | absent, or without SYN (0, 1 FIN, 4 RST, 5)  | src 1–1023 and dst ≥ 1024 (e.g. 443 → 51234), or src 1024–32767 and dst ≥ 32768 (e.g. 5001 → 43418) | `reply-ports` | no: a service port answering an ephemeral one |
 * | 4   | any      | anything else                               | anything else (ICMP 0 → 0, ports absent, ephemeral → 443 …) | `undetermined` | yes: an unknown initiator is reported; a missed exfiltration costs more than a duplicate |
 *
 * Ephemeral ports: Linux uses 32768–60999 and IANA/Windows 49152–65535, hence the 32768 bound for
 * registered (1024–32767) service ports; a well-known (< 1024) source port answering any port
 * ≥ 1024 is a reply.
 *
 * flow-direction is not in this table on purpose: AWS defines it relative to the capturing
 * interface, not to who opened the connection. It is used one step earlier (see the rule): the
 * `ingress` record of a connection the remote opened carries the remote as its source and is never
 * egress, and an `egress` record's `srcaddr` is the interface's own address, so that source is ours.
 */

export type FlowInitiator = 'syn' | 'syn-ack' | 'reply-ports' | 'undetermined';

const TCP = 6;
const SYN = 2;
const ACK = 16;

/** Decision table above. Absent values are -1. */
export function flowInitiator(protocol: number, tcpFlags: number, srcPort: number, dstPort: number): FlowInitiator {
  if (protocol === TCP && tcpFlags > 0 && (tcpFlags & SYN) !== 0) {
    return (tcpFlags & ACK) !== 0 ? 'syn-ack' : 'syn';
  }
  if (srcPort > 0 && dstPort >= 1024 && (srcPort < 1024 || (srcPort < 32768 && dstPort >= 32768))) return 'reply-ports';
  return 'undetermined';
}

/** True for the rows whose verdict is a new outbound connection. */
export function isNewOutbound(initiator: FlowInitiator): boolean {
  return initiator === 'syn' || initiator === 'undetermined';
}
