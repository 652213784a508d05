/**
 * AN1261 Finding → AWS Security Finding Format for Security Hub CSPM BatchImportFindings (pure).
 *
 * Decisions taken from the Security Hub documentation:
 * - ProductArn is the importing account's default product, and with it BatchImportFindings only
 *   accepts findings whose AwsAccountId is the calling account: AwsAccountId is `ctx.account`; the
 *   account where the activity happened stays in resource ARNs and `ProductFields["an1261/account"]`.
 * - Severity and Types are set in FindingProviderFields (the provider's place) and, with the same
 *   values, at the top level (used when a finding is created).
 * - Note and Workflow are only taken when the finding is created; later imports ignore them.
 * - Network is retired in the user guide in favour of Action but is still accepted and filterable;
 *   both carry the first untrusted egress (Action has no IPv6 field).
 * - Findings over 240 KB are refused: the mapper shrinks lists and strings until the JSON fits.
 *
 * @example
 *   const asff = toAsff(finding, { account: '111122223333', region: 'eu-west-1' });
 *   const problems = validateAsff(asff); // [] when BatchImportFindings will take it
 */
import type { Finding } from '../model/finding';
import { stableId } from '../util/hash';
import { ASFF_BUDGETS, type AsffBudget } from './asff-budget';
import { toAsffResources, type ResourceScope } from './asff-resources';
import { ASFF_PROVIDER_NAME, asffDescription, asffNote, asffProductFields, asffTitle, protocolName, stagesOf } from './asff-summary';
import { canonicalIp, isAccountId, isRegion, optionalTimestamp, partitionOf, utf8Length } from './asff-text';
import type { AsffAction, AsffFinding, AsffNetwork, AsffPartition } from './asff-types';
import { ASFF_MAX_BYTES } from './asff-validate';

export type * from './asff-types';
export { ASFF_MAX_BYTES, validateAsff } from './asff-validate';

/** The account and Region where findings are imported (the publisher's own). */
export interface AsffContext {
  account: string;
  region: string;
  /** Default: the partition of `region`. */
  partition?: AsffPartition;
  /** Reported as ProductFields.ProviderVersion, as the custom-integration guide recommends. */
  providerVersion?: string;
}

export const ASFF_SCHEMA_VERSION = '2018-10-08';
export const ASFF_GENERATOR_ID = 'an1261-detector/AN1261';
export const ASFF_TYPES = ['TTPs/Defense Evasion/T1612-Build Image on Host', 'Unusual Behaviors/Container'] as const;
const NETWORK_FLOW_TYPE = 'Unusual Behaviors/Network Flow';
const ID_PREFIX = 'an1261/';
/** Ids made of visible ASCII are kept readable; anything else is hashed (still deterministic). */
const READABLE_ID = /^[\x21-\x7e]{1,500}$/;
const MITRE_T1612 = 'https://attack.mitre.org/techniques/T1612/';
const REMEDIATION =
  'Confirm who built and pushed this image and why it bypassed the approved build pipeline. If it is not expected: ' +
  'isolate the build host, revoke the credentials of the principals involved, delete the image from the registry and ' +
  'roll back the workloads that run it. If it is expected, add the builder to approvedBuilders, or add a suppression ' +
  'with owner, reason and expiry.';

/** The ASFF Id of a finding: `an1261/<finding.id>`, the same for every version of the finding. */
export function asffId(findingId: string): string {
  return ID_PREFIX + (typeof findingId === 'string' && READABLE_ID.test(findingId) ? findingId : stableId(String(findingId)));
}

export function asffProductArn(ctx: AsffContext): string {
  const partition = ctx.partition ?? partitionOf(ctx.region);
  return `arn:${partition}:securityhub:${ctx.region}:${ctx.account}:product/${ctx.account}/default`;
}

/** The earliest untrusted egress with a usable destination address. */
function firstEgress(f: Finding) {
  const egress = (Array.isArray(f.egress) ? f.egress : []).filter((g) => canonicalIp(g?.dstIp) !== undefined);
  return [...egress].sort((a, b) => String(a.firstSeen).localeCompare(String(b.firstSeen)) || String(a.dstIp).localeCompare(String(b.dstIp)))[0];
}

function network(f: Finding): { Network?: AsffNetwork; Action?: AsffAction } {
  const g = firstEgress(f);
  if (!g) return {};
  const dst = canonicalIp(g.dstIp)!;
  const src = canonicalIp(g.srcIp);
  const protocol = protocolName(g.protocol);
  const port = Number.isInteger(g.dstPort) && g.dstPort >= 0 && g.dstPort <= 65535 ? g.dstPort : undefined;
  return {
    Network: {
      Direction: 'OUT',
      ...(protocol ? { Protocol: protocol } : {}),
      ...(src ? { [src.version === 4 ? 'SourceIpV4' : 'SourceIpV6']: src.ip } : {}),
      [dst.version === 4 ? 'DestinationIpV4' : 'DestinationIpV6']: dst.ip,
      ...(port !== undefined ? { DestinationPort: port } : {}),
    },
    Action: {
      ActionType: 'NETWORK_CONNECTION',
      NetworkConnectionAction: {
        ConnectionDirection: 'OUT',
        Blocked: false,
        ...(protocol ? { Protocol: protocol } : {}),
        ...(dst.version === 4 ? { RemoteIpDetails: { IpAddressV4: dst.ip } } : {}),
        ...(port !== undefined ? { RemotePortDetails: { Port: port } } : {}),
      },
    },
  };
}

function build(f: Finding, ctx: AsffContext, budget: AsffBudget): AsffFinding {
  const region = isRegion(f.region) ? f.region : ctx.region;
  const scope: ResourceScope = {
    account: isAccountId(f.account) ? f.account : ctx.account,
    region,
    partition: partitionOf(region, ctx.partition ?? partitionOf(ctx.region)),
  };
  const types = [...ASFF_TYPES, ...(stagesOf(f).includes('egress') ? [NETWORK_FLOW_TYPE] : [])];
  const severity = { Label: f.severity, Original: f.severity };
  const firstObserved = optionalTimestamp(f.firstSeen);
  const lastObserved = optionalTimestamp(f.lastSeen);
  const note = asffNote(f, budget);
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: asffId(f.id),
    ProductArn: asffProductArn(ctx),
    ProductName: ASFF_PROVIDER_NAME,
    CompanyName: ASFF_PROVIDER_NAME,
    GeneratorId: ASFF_GENERATOR_ID,
    AwsAccountId: ctx.account,
    Region: ctx.region,
    Types: [...types],
    CreatedAt: f.createdAt,
    UpdatedAt: f.updatedAt,
    ...(firstObserved ? { FirstObservedAt: firstObserved } : {}),
    ...(lastObserved ? { LastObservedAt: lastObserved } : {}),
    Severity: { ...severity },
    FindingProviderFields: { Severity: { ...severity }, Types: [...types] },
    Title: asffTitle(f),
    Description: asffDescription(f, budget),
    Remediation: { Recommendation: { Text: REMEDIATION, Url: MITRE_T1612 } },
    ProductFields: asffProductFields(f, budget, ctx.providerVersion),
    ...network(f),
    Resources: toAsffResources(f, scope, budget),
    ...(note ? { Note: note } : {}),
    Workflow: { Status: f.suppressedBy ? 'SUPPRESSED' : 'NEW' },
    RecordState: 'ACTIVE',
  };
}

/**
 * Maps a finding to ASFF. Deterministic: the same finding always gives the same object, and the
 * Id only depends on `finding.id`. Never throws on hostile strings; the result stays under
 * ASFF_MAX_BYTES (check it with validateAsff before sending).
 */
export function toAsff(finding: Finding, ctx: AsffContext): AsffFinding {
  return toAsffWithin(finding, ctx, ASFF_MAX_BYTES);
}

/**
 * toAsff with an explicit JSON size limit: the most detailed budget whose finding fits, else the
 * leanest one. (With today's caps the first budget always fits 240 KB; the others keep that true
 * when fields are added.)
 */
export function toAsffWithin(finding: Finding, ctx: AsffContext, maxBytes: number): AsffFinding {
  let asff: AsffFinding | undefined;
  for (const budget of ASFF_BUDGETS) {
    asff = build(finding, ctx, budget);
    if (utf8Length(JSON.stringify(asff)) <= maxBytes) return asff;
  }
  return asff!;
}
