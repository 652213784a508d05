/**
 * What `an1261 tune` knows about a backtest: the build activity (who, where, with what, on which
 * days), the egress destinations, the deploy rhythm and the findings, in compact, bounded form.
 * Produced by `BuildInventory.snapshot()`, read by `proposeConfig`.
 */
import type { SeverityLabel } from '../model/config';
import type { ChainStage } from '../model/finding';

/** The facets of a builder identity, as approvedBuilders lists them (plus the build tool, for context). */
export type FacetKind = 'principal' | 'kubernetesUser' | 'namespace' | 'host' | 'tool';

/** One value of one facet (a principal ARN, a namespace …) and what it did over the backtest. */
export interface FacetStats {
  kind: FacetKind;
  value: string;
  builds: number;
  pushes: number;
  /** Distinct UTC days (YYYY-MM-DD) it was active, sorted. */
  days: string[];
  firstSeen: string;
  lastSeen: string;
  /** Images it built or pushed (capped). */
  images: string[];
  /** `registry/repository` it pushed to (capped). */
  repositories: string[];
  /** Hosts only: `ip:port` destinations a finding saw it reach (capped). */
  destinations: string[];
}

/** A host as the event names it: every identity, so allowlist entries of any form can be judged. */
export interface EventHost {
  instanceId?: string;
  ip?: string;
  nodeName?: string;
  hostname?: string;
  podNamespace?: string;
}

/** A build or push, compact: what set cover and approval need. */
export interface InventoryEvent {
  id: string;
  kind: 'build' | 'push';
  time: string;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  principal?: string;
  kubernetesUser?: string;
  namespace?: string;
  host?: EventHost;
  /** Host label: instance id, else IP, else host or node name. */
  hostLabel?: string;
  tool?: string;
  image?: string;
  /** `registry/repository` of a push. */
  repository?: string;
  /** A push that names a host (only those can anchor a chain). */
  namesHost: boolean;
  /** The account whose approvedBuilders judge it: the signal's `scope`, else its `account`. */
  account?: string;
}

/** Egress to one destination prefix (/24 IPv4, /48 IPv6) and port. */
export interface DestinationStats {
  /** The destination prefix as a CIDR. */
  prefix: string;
  port: number;
  days: string[];
  firstSeen: string;
  lastSeen: string;
  /** Distinct source IPs (capped at `sourcesCap`; `sourcesOverflow` says more were seen). */
  sources: string[];
  sourcesOverflow: boolean;
  records: number;
  bytes: number;
  /** `pkt-dst-aws-service`, when flow logs name one. */
  dstService?: string;
  /** A few destination addresses seen in the prefix. */
  addresses: string[];
}

/** A finding, compact: enough to say whether a proposal covers it and what it reached. */
export interface InventoryFinding {
  id: string;
  severity: SeverityLabel;
  stages: ChainStage[];
  suppressed: boolean;
  anchor: { stage: 'build' | 'push'; signalId: string; time: string };
  /** Signal ids of the builds and pushes of its timeline (its anchor first). */
  anchorIds: string[];
  /** The facets of those the inventory holds (set by `snapshot()`). */
  anchors?: Array<Pick<InventoryEvent, 'id' | 'kind' | 'time' | 'principal' | 'kubernetesUser' | 'namespace' | 'hostLabel'>>;
  actors: string[];
  namespace?: string;
  hostLabel?: string;
  hosts: { instanceIds: string[]; ips: string[]; nodeNames: string[]; hostnames: string[] };
  image?: string;
  egress: Array<{ dstIp: string; dstPort: number }>;
  title: string;
}

export interface Inventory {
  /** Facet values by kind. */
  facets: Record<FacetKind, FacetStats[]>;
  events: InventoryEvent[];
  destinations: DestinationStats[];
  /** Instance id → private IPs, from instance-ip links and signals naming both. */
  instanceIps: Record<string, string[]>;
  deploys: {
    /** [weekday 0 = Mon … 6 = Sun][hour UTC]: deploys not made by Kubernetes controllers. */
    histogram: number[][];
    total: number;
    byController: number;
    byNamespace: Record<string, number>;
  };
  findings: InventoryFinding[];
  /** Signals seen, by kind. */
  signals: Record<string, number>;
  /** What did not fit the caps, by what (`events`, `facets.principal`, `destinations` …). */
  overflow: Record<string, number>;
  firstSeen?: string;
  lastSeen?: string;
}
