/**
 * Valid but unsafe configuration: settings that pass the schema yet hide the activity this product
 * looks for, or make a list meaningless. Pure (no I/O): `an1261 config check` prints these on stderr
 * and the CDK app adds them as warnings on the stack. Only cases that are certainly wrong are
 * reported; each warning names its key, says why and what to do instead.
 */
import type { Config } from './config';
import { ALWAYS_INTERNAL_CIDRS } from './settings';
import type * as ipaddr from 'ipaddr.js';
import { isCidrOrAddress, parseCidrOrAddress } from '../util/cidr';
import { globMatch } from '../util/glob';

export interface ConfigWarning {
  /** The config key, as in validation errors, e.g. `trustedDestinations.awsServices[1]`. */
  key: string;
  message: string;
}

/** `config key "…": …`, the form of validation errors; the CLI prefixes `warning: `. */
export function formatConfigWarning(w: ConfigWarning): string {
  return `config key "${w.key}": ${w.message}`;
}

const USE_ENDPOINTS =
  'Reach AWS through VPC endpoints instead: interface endpoints for ECR (com.amazonaws.<region>.ecr.api and .ecr.dkr) put image pulls and pushes on private addresses, which are internal; ' +
  'gateway endpoints for S3 (ECR layers are served from S3) and DynamoDB; then trust only S3 and DYNAMODB.';

/**
 * `pkt-dst-aws-service` names (the `service` values of ip-ranges.json) whose addresses deliver
 * traffic to something an arbitrary AWS customer controls. Trusting one makes egress to attacker
 * infrastructure invisible. Reviewed against the whole list of values, with the reason:
 *
 * - AMAZON: every published AWS range, EC2 included (the EC2 ranges are also in AMAZON, and some
 *   ranges are only in AMAZON).
 * - EC2: EC2 public and Elastic IP addresses: anyone with an account runs a server there.
 * - GLOBALACCELERATOR: an accelerator's anycast addresses forward to the endpoints its owner picks
 *   (EC2 instances, load balancers, Elastic IPs).
 * - CLOUDFRONT: edge addresses forward requests to the origin the distribution's owner picks (any
 *   HTTP server), a well-known command-and-control redirector; the address says nothing of whose
 *   distribution is reached.
 * - API_GATEWAY: an API's owner chooses its integration (HTTP proxy to any URL, Lambda code).
 *
 * Not warned (no customer-chosen receiver behind the address, or not certain enough):
 * S3, DYNAMODB, EBS (AWS-operated APIs; an attacker-owned bucket or table stays reachable, which a
 * gateway endpoint policy can restrict); CLOUDFRONT_ORIGIN_FACING, CODEBUILD, ROUTE53_HEALTHCHECKS,
 * ROUTE53_HEALTHCHECKS_PUBLISHING, AMAZON_APPFLOW, CLOUD9, EC2_INSTANCE_CONNECT (source addresses
 * of AWS services toward customers: nothing listens there for a build host; EC2 Instance Connect
 * endpoints themselves sit on private VPC addresses); ROUTE53, ROUTE53_RESOLVER (DNS: a hosted
 * zone's owner sees only query names, a channel any resolver opens as well); AMAZON_CONNECT,
 * CHIME_MEETINGS, CHIME_VOICECONNECTOR, KINESIS_VIDEO_STREAMS, WORKSPACES_GATEWAYS (media and
 * streaming services). Values AWS adds later are not warned until reviewed here.
 */
const CUSTOMER_REACHABLE_SERVICES: Readonly<Record<string, string>> = {
  AMAZON: 'AMAZON is every published AWS address range, including every EC2 public and Elastic IP address, which anyone can rent: attackers host command-and-control and payloads there',
  EC2: 'EC2 covers every EC2 public and Elastic IP address, which anyone can rent: attackers host command-and-control and payloads there',
  GLOBALACCELERATOR: 'Global Accelerator addresses forward to EC2 instances, load balancers or Elastic IPs chosen by whichever AWS customer owns the accelerator, an attacker included',
  CLOUDFRONT: 'CloudFront edges forward to an origin (any HTTP server) chosen by whichever AWS customer owns the distribution, a common command-and-control redirector',
  API_GATEWAY: 'API Gateway endpoints run integrations (HTTP proxy to any URL, Lambda code) chosen by whichever AWS customer owns the API, an attacker included',
};

/** Trusted CIDRs broader than this are "broad" (a /16 is the largest VPC; a /32 the usual IPv6 ISP allocation). */
const TRUSTED_MIN_BITS = { ipv4: 16, ipv6: 32 } as const;
/** Approved host CIDRs broader than the smallest globally routed prefix span networks you do not own. */
const HOST_MIN_BITS = { ipv4: 24, ipv6: 48 } as const;

/** A glob of only `*`: matches every value. */
const matchesEverything = (glob: string): boolean => /^\*+$/.test(glob);

const NON_PUBLIC = ALWAYS_INTERNAL_CIDRS.map((c) => parseCidrOrAddress(c));

/**
 * Does the CIDR (or address) hold public addresses, i.e. is it not wholly inside an always-internal
 * block (RFC 1918, CGNAT, link-local, loopback, ULA …) or one of `internal`? Not a CIDR: false.
 * @example holdsPublicAddresses('10.0.200.0/26') === false; holdsPublicAddresses('52.1.2.0/24') === true
 */
export function holdsPublicAddresses(value: string, internal: readonly string[] = []): boolean {
  if (!isCidrOrAddress(value)) return false;
  const [addr, bits] = parseCidrOrAddress(value);
  const blocks = [...NON_PUBLIC, ...internal.filter(isCidrOrAddress).map((c) => parseCidrOrAddress(c))];
  return !blocks.some(([block, blockBits]) => block.kind() === addr.kind() && bits >= blockBits && (addr as ipaddr.IPv4).match(block as ipaddr.IPv4, blockBits));
}

/** The CIDR when it reaches public address space, else undefined. */
function publicCidr(value: string): { kind: 'ipv4' | 'ipv6'; bits: number } | undefined {
  if (!holdsPublicAddresses(value)) return undefined;
  const [addr, bits] = parseCidrOrAddress(value);
  return { kind: addr.kind(), bits };
}

/**
 * Principal ARNs (as matched: assumed-role sessions become their role) of made-up identities in an
 * account nobody configures, in each partition: a glob matching one approves any account.
 */
const FOREIGN_PRINCIPALS = ['aws', 'aws-cn', 'aws-us-gov'].flatMap((p) => [`arn:${p}:iam::000000000000:role/0`, `arn:${p}:iam::000000000000:user/0`, `arn:${p}:sts::000000000000:federated-user/0`]);

const HHMM = (s: string): number => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
const DAY_INDEX: Readonly<Record<string, number>> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };
const WEEK_MINUTES = 7 * 1440;

type Window = Config['releaseWindows'][number];

/**
 * Marks the local minutes of the week a window covers, as `inReleaseWindow` (correlate/severity.ts)
 * reads it: `[start, end)` on each day; when end < start, from start to midnight on each day and
 * from midnight to end on the next day; start = end covers nothing.
 */
function cover(w: Window, week: Uint8Array): void {
  const start = HHMM(w.start);
  const end = HHMM(w.end);
  for (const d of w.days) {
    const day = DAY_INDEX[d]! * 1440;
    if (start <= end) week.fill(1, day + start, day + end);
    else {
      week.fill(1, day + start, day + 1440);
      const next = ((DAY_INDEX[d]! + 1) % 7) * 1440;
      week.fill(1, next, next + end);
    }
  }
}

const uncovered = (week: Uint8Array): number => week.reduce((n, m) => n + (m === 0 ? 1 : 0), 0);

/**
 * At most one minute a day left out counts as the whole week: `00:00`–`23:59` is the widest a
 * single window can be written (the last minute is not in it), and is meant as "always".
 */
const WHOLE_WEEK_SLACK = 7;

function releaseWindowWarnings(windows: Config['releaseWindows']): ConfigWarning[] {
  const out: ConfigWarning[] = [];
  const noEffect = (key: string, what: string, week: Uint8Array) => {
    const left = uncovered(week);
    out.push({
      key,
      message:
        `${what} ${left > 0 ? `all of the week but ${left} minute${left === 1 ? '' : 's'}` : 'the whole week'}: no build or deploy is (practically) ever outside a release window, ` +
        'so releaseWindows have no effect. Remove them, or list only the times releases really happen',
    });
  };
  let single = false;
  windows.forEach((w, i) => {
    if (w.start === w.end) {
      out.push({ key: `releaseWindows[${i}]`, message: `start and end are both ${w.start}: the window covers no time at all, so everything on its days counts as outside it. For a whole day write 00:00–23:59` });
      return;
    }
    const week = new Uint8Array(WEEK_MINUTES);
    cover(w, week);
    if (uncovered(week) <= WHOLE_WEEK_SLACK) {
      single = true;
      noEffect(`releaseWindows[${i}]`, `${w.days.join(', ')} ${w.start}–${w.end} covers`, week);
    }
  });
  if (single) return out;
  // Several windows of one time zone may cover the week between them.
  const byZone = new Map<string, Uint8Array>();
  for (const w of windows) {
    const week = byZone.get(w.timeZone) ?? new Uint8Array(WEEK_MINUTES);
    cover(w, week);
    byZone.set(w.timeZone, week);
  }
  for (const [zone, week] of byZone) {
    if (uncovered(week) <= WHOLE_WEEK_SLACK) noEffect('releaseWindows', `the windows in ${zone} together cover`, week);
  }
  return out;
}

/** Every warning for a validated config, in config key order. */
export function configWarnings(config: Config): ConfigWarning[] {
  const out: ConfigWarning[] = [];

  config.internalCidrs.forEach((c, i) => {
    const pub = publicCidr(c);
    if (pub && pub.bits < TRUSTED_MIN_BITS[pub.kind]) {
      out.push({
        key: `internalCidrs[${i}]`,
        message: `${c} is public address space broader than /${TRUSTED_MIN_BITS[pub.kind]} (the largest VPC is a /16): it may include cloud compute anyone can rent, and traffic to it is never counted as egress. List your VPC CIDRs`,
      });
    }
  });

  out.push(...judgementWarnings(config, ''));
  config.accounts.members.forEach((m, i) => {
    const o = m.overrides;
    out.push(...judgementWarnings({ ...config, ...o }, `accounts.members[${i}].overrides.`).filter((w) => Object.keys(o).some((k) => w.key.startsWith(`accounts.members[${i}].overrides.${k}`))));
  });
  return out;
}

/**
 * Warnings for the keys that judge activity (trusted destinations, registries, approved builders,
 * release windows): the top-level ones (`prefix` empty) or one member account's overrides.
 */
function judgementWarnings(config: Pick<Config, 'trustedDestinations' | 'registryAllowList' | 'approvedBuilders' | 'releaseWindows'>, prefix: string): ConfigWarning[] {
  const out: ConfigWarning[] = [];
  config.trustedDestinations.cidrs.forEach((c, i) => {
    const pub = publicCidr(c);
    if (pub && pub.bits < TRUSTED_MIN_BITS[pub.kind]) {
      out.push({
        key: `trustedDestinations.cidrs[${i}]`,
        message: `${c} trusts public address space broader than /${TRUSTED_MIN_BITS[pub.kind]}: it may include cloud compute anyone can rent, where attackers host command-and-control. Trust the exact ranges of your mirrors and proxies`,
      });
    }
  });

  config.trustedDestinations.awsServices.forEach((s, i) => {
    const why = CUSTOMER_REACHABLE_SERVICES[s.toUpperCase()];
    if (why) out.push({ key: `trustedDestinations.awsServices[${i}]`, message: `trusting ${s.toUpperCase()} hides the egress this detector looks for: ${why}. ${USE_ENDPOINTS}` });
  });

  config.registryAllowList.forEach((g, i) => {
    if (matchesEverything(g)) out.push({ key: `registryAllowList[${i}]`, message: `"${g}" matches every registry and repository, which makes the allowlist meaningless: a push anywhere, an attacker's registry included, counts as expected. List your registries (e.g. 111122223333.dkr.ecr.us-east-1.amazonaws.com/*)` });
  });

  const a = config.approvedBuilders;
  a.principals.forEach((g, i) => {
    if (FOREIGN_PRINCIPALS.some((arn) => globMatch(g, arn))) {
      out.push({ key: `approvedBuilders.principals[${i}]`, message: `"${g}" matches any IAM principal of any AWS account, so it approves every build and push by an IAM identity. Name your accounts and build roles (e.g. arn:aws:iam::111122223333:role/ci-build-*)` });
    }
  });
  a.hosts.forEach((h, i) => {
    if (matchesEverything(h)) {
      out.push({ key: `approvedBuilders.hosts[${i}]`, message: `"${h}" matches every host, so it approves every build. Name your build hosts (CIDRs of the build subnets, instance ids or node-name globs)` });
      return;
    }
    const pub = publicCidr(h);
    if (pub && pub.bits < HOST_MIN_BITS[pub.kind]) {
      out.push({ key: `approvedBuilders.hosts[${i}]`, message: `${h} approves builds from public address space broader than /${HOST_MIN_BITS[pub.kind]}, which spans networks you do not own (cloud compute anyone can rent). Name your build hosts or subnets` });
    }
  });
  a.kubernetesUsers.forEach((g, i) => {
    if (matchesEverything(g)) out.push({ key: `approvedBuilders.kubernetesUsers[${i}]`, message: `"${g}" matches every Kubernetes user, so it approves every build in the cluster. Name your CI service accounts (e.g. system:serviceaccount:ci:*)` });
  });
  a.namespaces.forEach((g, i) => {
    if (matchesEverything(g)) out.push({ key: `approvedBuilders.namespaces[${i}]`, message: `"${g}" matches every namespace, so it approves every build in the cluster. Name your CI namespaces` });
  });

  out.push(...releaseWindowWarnings(config.releaseWindows));
  return prefix ? out.map((w) => ({ ...w, key: `${prefix}${w.key}` })) : out;
}
