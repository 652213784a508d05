/** Random flow-log files: a random format (header line, `${}` or plain, or default v2) and records. */
import { DEFAULT_FLOW_FORMAT, FLOW_FIELD_VERSIONS } from '../../lambdas/core/sources/vpc-flow/flow-format';
import { hostileToken } from '../hostile';
import type { Rng } from '../rng';
import { account, instanceId, ipv4, word } from './common';

const FIELDS = Object.keys(FLOW_FIELD_VERSIONS);
const V2 = DEFAULT_FLOW_FORMAT.replace(/\$\{|\}/g, '').split(' ');

function value(rng: Rng, field: string, now: number): string {
  if (rng.chance(0.03)) return hostileToken(rng).replace(/\s/g, '') || '-';
  if (rng.chance(0.05)) return '-';
  switch (field) {
    case 'version': return String(rng.pick([2, 3, 4, 5, 7, 8, 9]));
    case 'account-id': return account(rng);
    case 'interface-id': return `eni-${rng.hex(17)}`;
    case 'srcaddr': case 'dstaddr': case 'pkt-srcaddr': case 'pkt-dstaddr': return ipv4(rng);
    case 'srcport': case 'dstport': return String(rng.pick([443, 80, 22, 5000, 0, 65535, 65536, rng.int(1024, 65535)]));
    case 'protocol': return String(rng.pick([6, 17, 1, 58, 256, 0]));
    case 'packets': case 'bytes': return String(rng.pick([0, 1, rng.int(1, 1e9), 999999999999999, 1e16]));
    case 'start': case 'end': return String(rng.chance(0.9) ? now + rng.int(-600, 600) : rng.pick([0, 1, 8640000000000, 8640000000001, 99999999999999]));
    case 'action': return rng.pick(['ACCEPT', 'REJECT', 'accept']);
    case 'log-status': return rng.pick(['OK', 'OK', 'NODATA', 'SKIPDATA', 'ok']);
    case 'instance-id': return instanceId(rng);
    case 'tcp-flags': return String(rng.pick([0, 1, 2, 3, 18, 19, 255]));
    case 'type': return rng.pick(['IPv4', 'IPv6', 'EFA']);
    case 'region': return rng.pick(['us-east-1', 'eu-west-3', 'xx']);
    case 'pkt-src-aws-service': case 'pkt-dst-aws-service': return rng.pick(['S3', 'AMAZON', 'EC2', 'DYNAMODB', 'ROUTE53']);
    case 'flow-direction': return rng.pick(['egress', 'ingress']);
    case 'traffic-path': return String(rng.int(1, 8));
    default: return word(rng);
  }
}

/** A flow-log text: optional header, then records in the format (some with a wrong field count). */
export function flowLogText(rng: Rng): string {
  const fields = rng.chance(0.3) ? [...V2] : rng.shuffle([...FIELDS]).slice(0, rng.int(1, FIELDS.length));
  if (rng.chance(0.05)) fields.push(rng.pick(['bogus-field', 'Version', '${srcaddr']));
  const header = rng.pick([fields.join(' '), fields.map((f) => '${' + f + '}').join(' '), '']);
  const now = 1793583010;
  const lines = header.startsWith('$') || header === '' ? [] : [header];
  for (let i = rng.int(1, 20); i > 0; i--) {
    const vals = fields.map((f) => value(rng, f, now));
    if (rng.chance(0.05)) vals.splice(rng.int(0, vals.length), rng.int(0, 1), word(rng));
    lines.push(vals.join(rng.chance(0.95) ? ' ' : rng.pick(['  ', '\t'])));
  }
  if (rng.chance(0.1)) lines.push('', '   ');
  return lines.join(rng.chance(0.9) ? '\n' : '\r\n');
}
