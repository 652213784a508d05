/**
 * The one configuration schema, shared by the CLI (`--config file.json`) and the CDK app.
 * Every key is optional with a documented default; unknown keys and bad values fail with a
 * message that names the key (see `parseConfig`).
 */
import { z } from 'zod';
import { parseFlowFormat } from '../sources/vpc-flow/flow-format';
import { isCidrOrAddress } from '../util/cidr';

export const SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type SeverityLabel = (typeof SEVERITIES)[number];

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export type Weekday = (typeof DAYS)[number];

/** Retention periods CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

const cidr = z.string().refine(isCidrOrAddress, { message: 'must be an IPv4/IPv6 CIDR or address' });
const glob = z.string().min(1, 'must not be empty').max(2048);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)');
const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as UTC or Europe/Paris' },
);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/, 'must be a date (YYYY-MM-DD) or ISO 8601 time')
  .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'must be a real date' });
/** A host allowlist entry: CIDR, IP, EC2 instance id, or node-name glob. */
const hostEntry = z.string().min(1).refine((s) => isCidrOrAddress(s) || /^i-[0-9a-f]{8,17}$/.test(s) || /^[\w.*?-]+$/.test(s), {
  message: 'must be a CIDR, an IP, an instance id (i-…) or a host-name glob',
});
const flowFormat = z
  .string()
  .min(1)
  .superRefine((f, ctx) => {
    try {
      parseFlowFormat(f);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
    }
  });
const minutes = (def: number, max: number) => z.number().int('must be a whole number of minutes').min(1).max(max).default(def);

const suppressionMatch = z
  .strictObject({
    namespace: glob.optional(),
    cluster: glob.optional(),
    host: glob.optional(),
    image: glob.optional(),
    actor: glob.optional(),
    account: glob.optional(),
  })
  .refine((m) => Object.keys(m).length > 0, { message: 'must name at least one field to match' });

export const configSchema = z.strictObject({
  /** Minutes around a build within which egress and a push join its chain. Default 5. */
  timeWindowMinutes: minutes(5, 1440),
  /** Minutes after a push/build within which a deploy of the image joins. Default 15. */
  deployWindowMinutes: minutes(15, 10080),
  /** Slack for late-arriving events (flow logs arrive up to ~15 min late). Default 20. */
  latenessMinutes: z.number().int().min(0).max(1440).default(20),
  /** Your VPC CIDRs (RFC 1918, CGNAT, link-local, loopback and ULA are always internal). */
  internalCidrs: z.array(cidr).default([]),
  trustedDestinations: z
    .strictObject({
      /** Destination CIDRs that are never untrusted egress (package mirrors, corporate proxies …). */
      cidrs: z.array(cidr).default([]),
      /** `pkt-dst-aws-service` names (flow logs v5) that are trusted, e.g. S3, AMAZON, EC2. */
      awsServices: z.array(z.string().regex(/^[A-Za-z0-9_]+$/, 'must be an AWS service name such as S3').transform((s) => s.toUpperCase())).default([]),
    })
    .default({ cidrs: [], awsServices: [] }),
  /** Registries/repositories (globs on `registry/repository`) where pushes are expected. */
  registryAllowList: z.array(glob).default([]),
  approvedBuilders: z
    .strictObject({
      /** IAM principal ARN globs (assumed-role sessions are matched by their role ARN). */
      principals: z.array(glob).default([]),
      /** CIDRs, IPs, instance ids or node-name globs of build hosts. */
      hosts: z.array(hostEntry).default([]),
      /** Kubernetes user / service-account globs, e.g. system:serviceaccount:ci:*. */
      kubernetesUsers: z.array(glob).default([]),
      /** Namespaces whose builds are approved. */
      namespaces: z.array(glob).default([]),
    })
    .default({ principals: [], hosts: [], kubernetesUsers: [], namespaces: [] }),
  /** More than this many new image digests from one host or principal within the time window raises severity. */
  newImageThreshold: z.number().int().min(1).max(10000).default(3),
  /** When builds and deploys are expected; activity outside every window raises severity one step. Empty: no effect. */
  releaseWindows: z
    .array(
      z.strictObject({
        days: z.array(z.enum(DAYS)).min(1),
        start: hhmm,
        end: hhmm,
        timeZone: timeZone.default('UTC'),
      }),
    )
    .default([]),
  /** Known, accepted activity. Each needs an owner, a reason and an expiry; expired ones stop applying. */
  suppressions: z
    .array(
      z.strictObject({
        match: suppressionMatch,
        owner: z.string().min(1),
        reason: z.string().min(1),
        expires: isoDate,
      }),
    )
    .default([]),
  /** Lowest severity that notifies on-call through SNS. Default MEDIUM. */
  minNotifySeverity: z.enum(SEVERITIES).default('MEDIUM'),
  sources: z
    .strictObject({
      /** EKS clusters whose audit logs (/aws/eks/<name>/cluster) are read. */
      eksClusters: z.array(z.string().regex(/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/, 'must be an EKS cluster name')).default([]),
      /** VPC flow-log groups (globs) and the format string their flow logs were created with. */
      flowLogs: z
        .array(z.strictObject({ logGroup: glob, format: flowFormat.optional() }))
        .default([]),
      /** Log groups of container hosts (dockerd debug logs, auditd). */
      hostLogs: z.array(z.strictObject({ logGroup: glob })).default([]),
    })
    .default({ eksClusters: [], flowLogs: [], hostLogs: [] }),
  notifications: z
    .strictObject({
      email: z.email('must be an email address').optional(),
    })
    .default({}),
  /** How the deployed pipeline runs and is watched (used by the CDK app; ignored by the CLI). */
  operations: z
    .strictObject({
      /** Alarm when a source delivers no record for this long. Default 60. */
      silentSourceMinutes: z.number().int().min(5).max(1440).default(60),
      /** Retention of the Lambdas' log groups. Default 30. */
      logRetentionDays: z.number().refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), { message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}` }).default(30),
      /** Send flow logs through a Kinesis Data Stream (high volume) instead of straight to Lambda. */
      flowLogsKinesis: z
        .strictObject({
          shards: z.number().int().min(1).max(500).default(1),
          batchSize: z.number().int().min(1).max(10000).default(500),
          parallelizationFactor: z.number().int().min(1).max(10).default(2),
        })
        .optional(),
      /** Reserved concurrency of each ingest Lambda, protecting the state table and the account's pool. Default 20. */
      ingestConcurrency: z.number().int().min(1).max(1000).default(20),
    })
    .default({ silentSourceMinutes: 60, logRetentionDays: 30, ingestConcurrency: 20 }),
});

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly issues: string[],
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Path of an issue as a key, e.g. `approvedBuilders.hosts[2]`. */
function keyOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '');
}

/**
 * Validates a parsed JSON config and fills defaults. Throws ConfigError whose message names every
 * offending key, e.g. `config key "timeWindowMinutes": expected number, received string`.
 */
export function parseConfig(input: unknown, origin = 'config'): Config {
  const result = configSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => {
    if (i.code === 'unrecognized_keys') {
      return i.keys.map((k) => `${origin} key "${keyOf([...i.path, k])}": unknown key`).join('\n');
    }
    return `${origin} key "${keyOf(i.path) || '(root)'}": ${i.message}`;
  });
  throw new ConfigError(`Invalid configuration:\n${issues.map((l) => `  - ${l}`).join('\n')}`, issues);
}

/** The defaults: what an empty `{}` config means. */
export const DEFAULT_CONFIG: Config = parseConfig({});
