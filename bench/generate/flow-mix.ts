/**
 * Synthetic VPC flow-log records of a busy VPC, deterministic from a seed. The mix (share of
 * records): east-west traffic between private addresses 72%, S3 and other AWS services through
 * public addresses (trusted by `pkt-dst-aws-service`) 14%, a trusted package mirror CIDR 4%,
 * internet clients reaching our load-balanced hosts 5% and our replies to them 3%, rejected scans
 * 1.5%, NODATA rows 0.4%, and untrusted egress 0.1% — of which 70% go to the host's one habitual
 * untrusted destination and port (recurring interval after interval), the rest are one-offs. Each record knows its
 * ground truth, so the state-write figure can compare against the distinct egress tuples.
 */
import { Rng } from '../../test/support/rng';

/** The v5 custom format of the samples (samples/config.json): every field the normalizer reads. */
export const FLOW_FIELDS =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path';
export const FLOW_FORMAT = FLOW_FIELDS.split(' ').map((f) => `\${${f}}`).join(' ');
/** A package mirror the bench config trusts (trustedDestinations.cidrs). */
export const TRUSTED_MIRROR_CIDR = '151.101.0.0/16';
export const ACCOUNT = '111122223333';

export interface FlowHost {
  eni: string;
  instanceId: string;
  ip: string;
  /** Relative traffic volume. */
  weight: number;
}

export type FlowKind = 'internal' | 'aws-service' | 'mirror' | 'inbound' | 'reply' | 'reject' | 'nodata' | 'egress';

/** Cumulative shares of the mix, in the order above. */
const MIX: ReadonlyArray<[FlowKind, number]> = [
  ['egress', 0.001],
  ['nodata', 0.005],
  ['reject', 0.02],
  ['reply', 0.05],
  ['inbound', 0.1],
  ['mirror', 0.14],
  ['aws-service', 0.28],
  ['internal', 1],
];

const EGRESS_PORTS = [443, 443, 80, 22, 4444, 8443, 9001];
const INTERNAL_PORTS = [443, 5432, 6379, 8080, 9092, 53, 2049];
const HABITUAL_SHARE = 0.7;

export interface FlowLine {
  line: string;
  kind: FlowKind;
  /** For egress: `<host ip>|<dst>|<port>` (the protocol is always TCP here). */
  egressTuple?: string;
}

export class FlowMix {
  readonly hosts: FlowHost[];
  private readonly rng: Rng;
  private readonly internalPeers: string[];
  private readonly untrusted: string[];
  private readonly clients: string[];
  /** Each host's habitual untrusted destination and port (a telemetry endpoint, a git host …). */
  private readonly habitual: Map<FlowHost, { dst: string; port: number }>;

  /** `hostNet` is the second octet-pair prefix of host addresses (keeps them apart from the sample chain's 10.0.1.x). */
  constructor(seed: number, hostCount = 64, hostNet = 100) {
    this.rng = new Rng(seed);
    const r = this.rng;
    this.hosts = Array.from({ length: hostCount }, (_, i) => ({
      eni: `eni-0${r.hex(16)}`,
      instanceId: `i-0${r.hex(16)}`,
      ip: `10.0.${hostNet + (i >> 6)}.${10 + (i & 63)}`,
      weight: 1 + (i % 8),
    }));
    this.internalPeers = Array.from({ length: 500 }, () => `10.0.${r.int(2, 90)}.${r.int(2, 250)}`);
    this.untrusted = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? `198.51.100.${r.int(1, 254)}` : `185.${r.int(10, 250)}.${r.int(0, 255)}.${r.int(1, 254)}`));
    this.clients = Array.from({ length: 5000 }, () => `${r.int(60, 90)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`);
    this.habitual = new Map(this.hosts.map((h) => [h, { dst: r.pick(this.untrusted), port: r.pick(EGRESS_PORTS) }]));
  }

  private kind(): FlowKind {
    const x = this.rng.next();
    for (const [k, upTo] of MIX) if (x < upTo) return k;
    return 'internal';
  }

  /** One record of `host` in the aggregation interval starting at `startSec` (epoch seconds). */
  record(host: FlowHost, startSec: number, intervalSec: number): FlowLine {
    const r = this.rng;
    const kind = this.kind();
    const start = startSec + r.int(0, 5);
    const end = startSec + intervalSec;
    const eph = r.int(32768, 60999);
    const packets = r.int(1, 2000);
    const bytes = packets * r.int(40, 1400);
    const row = (src: string, dst: string, sport: number, dport: number, flags: number, dir: 'egress' | 'ingress', opts: { action?: string; dstService?: string; path?: string } = {}): string =>
      `5 ${ACCOUNT} ${host.eni} ${src} ${dst} ${sport} ${dport} 6 ${packets} ${bytes} ${start} ${end} ${opts.action ?? 'ACCEPT'} OK vpc-0a1b2c3d4e5f60718 subnet-0f1e2d3c4b5a69788 ${host.instanceId} ${flags} IPv4 ${src} ${dst} us-east-1 use1-az2 - ${opts.dstService ?? '-'} ${dir} ${dir === 'egress' ? (opts.path ?? '1') : '-'}`;
    switch (kind) {
      case 'internal': {
        const peer = r.pick(this.internalPeers);
        const port = r.pick(INTERNAL_PORTS);
        return { kind, line: r.next() < 0.5 ? row(host.ip, peer, eph, port, 3, 'egress') : row(peer, host.ip, eph, port, 3, 'ingress') };
      }
      case 'aws-service':
        return r.next() < 0.7
          ? { kind, line: row(host.ip, `52.217.${r.int(0, 255)}.${r.int(1, 254)}`, eph, 443, 3, 'egress', { dstService: 'S3', path: '8' }) }
          : { kind, line: row(host.ip, `3.218.${r.int(180, 183)}.${r.int(1, 254)}`, eph, 443, 3, 'egress', { dstService: 'DYNAMODB', path: '8' }) };
      case 'mirror':
        return { kind, line: row(host.ip, `151.101.${r.int(0, 255)}.${r.int(1, 254)}`, eph, 443, 3, 'egress', { path: '8' }) };
      case 'inbound':
        return { kind, line: row(r.pick(this.clients), host.ip, eph, 443, 3, 'ingress') };
      case 'reply':
        return { kind, line: row(host.ip, r.pick(this.clients), 443, eph, 19, 'egress', { path: '8' }) };
      case 'reject':
        return { kind, line: row(r.pick(this.clients), host.ip, r.int(1024, 65535), r.pick([22, 23, 3389, 445]), 2, 'ingress', { action: 'REJECT' }) };
      case 'nodata':
        return { kind, line: `5 ${ACCOUNT} ${host.eni} - - - - - - - ${start} ${end} - NODATA vpc-0a1b2c3d4e5f60718 subnet-0f1e2d3c4b5a69788 ${host.instanceId} - - - - us-east-1 use1-az2 - - - -` };
      case 'egress': {
        const t = r.next() < HABITUAL_SHARE ? this.habitual.get(host)! : { dst: r.pick(this.untrusted), port: r.pick(EGRESS_PORTS) };
        return { kind, line: row(host.ip, t.dst, eph, t.port, 2, 'egress', { path: '8' }), egressTuple: `${host.ip}|${t.dst}|${t.port}` };
      }
    }
  }

  /**
   * Batches as CloudWatch Logs delivers them: one log stream per interface, one batch per
   * interface and aggregation interval, about `total` records over `intervals` intervals,
   * split across hosts by weight.
   */
  *batches(total: number, startSec: number, intervals: number, intervalSec: number): Generator<{ host: FlowHost; startSec: number; lines: FlowLine[] }> {
    const weightSum = this.hosts.reduce((a, h) => a + h.weight, 0);
    for (let i = 0; i < intervals; i++) {
      const t = startSec + i * intervalSec;
      for (const host of this.hosts) {
        const n = Math.round((total * host.weight) / weightSum / intervals);
        const lines: FlowLine[] = [];
        for (let k = 0; k < n; k++) lines.push(this.record(host, t, intervalSec));
        yield { host, startSec: t, lines };
      }
    }
  }
}
