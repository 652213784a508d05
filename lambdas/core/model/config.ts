/**
 * The one configuration schema, shared by the CLI (`--config file.json`) and the CDK app.
 * Every key is optional with a documented default; unknown keys and bad values fail with a
 * message that names the key (see `parseConfig`).
 */
// zod/mini: the same validation as zod's chained API, tree-shaken to ~17 KB in each Lambda bundle
// instead of ~440 KB (cold start).
import * as z from 'zod/mini';
import { parseFlowFormat } from '../sources/vpc-flow/flow-format';
import { isCidrOrAddress } from '../util/cidr';
import { An1261Error, errorMessage } from '../util/errors';

export const SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type SeverityLabel = (typeof SEVERITIES)[number];

/**
 * The one severity order: 0 for INFORMATIONAL … 4 for CRITICAL; -1 for anything that is not a
 * severity label (a malformed message never outranks a real severity).
 */
export function severityRank(severity: unknown): number {
  return SEVERITIES.indexOf(severity as SeverityLabel);
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export type Weekday = (typeof DAYS)[number];

/** Retention periods CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

const NUMBER = 'must be a number';
const STRING = 'must be a string';
const LIST = 'must be a list';
const OBJECT = 'must be an object';

const str = () => z.string(STRING);
const list = <T extends z.ZodMiniType>(item: T) => z.array(item, LIST);
const obj = <T extends z.core.$ZodLooseShape>(shape: T) => z.strictObject(shape, OBJECT);
const between = (min: number, max: number) => z.int(`must be a whole number from ${min} to ${max}`).check(z.minimum(min, `must be at least ${min}`), z.maximum(max, `must be at most ${max}`));

/** Canonical IANA names, listed without building a formatter. */
let knownTimeZones: ReadonlySet<string> | undefined;
const isTimeZone = (tz: string): boolean => {
  // The first Intl.DateTimeFormat loads ICU's date-format data (15-20 ms, at every Lambda cold
  // start that reads a release window): names on ICU's own list skip it; aliases, "UTC" and other
  // spellings are still judged by the formatter.
  knownTimeZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (knownTimeZones.has(tz)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const cidr = str().check(z.refine(isCidrOrAddress, 'must be an IPv4/IPv6 CIDR or address'));
/** At most this many `*` in one glob: matching is O(value × pattern), and no allowlist needs more. */
export const MAX_GLOB_STARS = 16;
export const MAX_GLOB_LENGTH = 2048;
const starCount = (s: string): number => s.split('*').length - 1;
const glob = str().check(
  z.minLength(1, 'must not be empty'),
  z.maxLength(MAX_GLOB_LENGTH, `must be at most ${MAX_GLOB_LENGTH} characters`),
  z.refine((s) => starCount(s) <= MAX_GLOB_STARS, `must hold at most ${MAX_GLOB_STARS} "*"`),
);
const hhmm = str().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)'));
const timeZone = str().check(z.refine(isTimeZone, 'must be an IANA time zone such as UTC or Europe/Paris'));
const isoDate = str().check(
  z.regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/, 'must be a date (YYYY-MM-DD) or ISO 8601 time'),
  z.refine((s) => !Number.isNaN(Date.parse(s)), 'must be a real date'),
);
/** A host allowlist entry: CIDR, IP, EC2 instance id, or node-name glob. */
const hostEntry = str().check(
  z.minLength(1, 'must not be empty'),
  z.maxLength(MAX_GLOB_LENGTH, `must be at most ${MAX_GLOB_LENGTH} characters`),
  z.refine((s) => starCount(s) <= MAX_GLOB_STARS, `must hold at most ${MAX_GLOB_STARS} "*"`),
  z.refine((s) => isCidrOrAddress(s) || /^i-[0-9a-f]{8,17}$/.test(s) || /^[\w.*?-]+$/.test(s), 'must be a CIDR, an IP, an instance id (i-…) or a host-name glob'),
);
const flowFormat = str().check(
  z.minLength(1, 'must not be empty'),
  z.superRefine((f, ctx) => {
    try {
      parseFlowFormat(f);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: errorMessage(e), input: f });
    }
  }),
);
const minutes = (def: number, max: number) => z._default(z.int('must be a whole number of minutes').check(z.minimum(1, 'must be at least 1'), z.maximum(max, `must be at most ${max}`)), def);

const suppressionMatch = obj({
  namespace: z.optional(glob),
  cluster: z.optional(glob),
  host: z.optional(glob),
  image: z.optional(glob),
  actor: z.optional(glob),
  account: z.optional(glob),
}).check(z.refine((m) => Object.keys(m).length > 0, 'must name at least one field to match'));


/** The Security Lake sources the detector reads (Security Lake's own names). */
export const SECURITY_LAKE_SOURCES = ['VPC_FLOW', 'EKS_AUDIT', 'CLOUD_TRAIL_MGMT'] as const;
export type SecurityLakeSource = (typeof SECURITY_LAKE_SOURCES)[number];

const accountId = str().check(z.regex(/^\d{12}$/, 'must be a 12-digit AWS account id'));
const bucketName = str().check(z.regex(/^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name'));
/** An ARN of `service` whose resource part matches `resource`. */
const arnOf = (service: string, resource: RegExp, what: string) =>
  str().check(
    z.refine((s) => {
      const m = /^arn:aws[\w-]*:([\w-]+):([\w-]*):(\d{12}|):(.+)$/.exec(s);
      return m !== null && m[1] === service && resource.test(m[4]!) && (service === 'iam' ? m[2] === '' : m[2] !== '') && m[3] !== '';
    }, `must be the ARN of ${what}`),
  );

const trustedDestinations = obj({
  /** Destination CIDRs that are never untrusted egress (package mirrors, corporate proxies …). */
  cidrs: z._default(list(cidr), []),
  /** `pkt-dst-aws-service` names (flow logs v5) that are trusted, e.g. S3, DYNAMODB (never AMAZON or EC2: they cover every EC2 public address). */
  awsServices: z._default(list(z.pipe(str().check(z.regex(/^[A-Za-z0-9_]+$/, 'must be an AWS service name such as S3')), z.transform((s: string) => s.toUpperCase()))), []),
});

const approvedBuilders = obj({
  /** IAM principal ARN globs (assumed-role sessions are matched by their role ARN). */
  principals: z._default(list(glob), []),
  /** CIDRs, IPs, instance ids or node-name globs of build hosts. */
  hosts: z._default(list(hostEntry), []),
  /** Kubernetes user / service-account globs, e.g. system:serviceaccount:ci:*. */
  kubernetesUsers: z._default(list(glob), []),
  /** Namespaces whose builds are approved. */
  namespaces: z._default(list(glob), []),
});

const releaseWindows = list(
  obj({
    days: list(z.enum(DAYS, `must be one of ${DAYS.join(', ')}`)).check(z.minLength(1, 'must name at least one day')),
    start: hhmm,
    end: hhmm,
    timeZone: z._default(timeZone, 'UTC'),
  }),
);

export const configSchema = obj({
  /** Minutes around a build within which egress and a push join its chain. Default 5. */
  timeWindowMinutes: minutes(5, 1440),
  /** Minutes after a push/build within which a deploy of the image joins. Default 15. */
  deployWindowMinutes: minutes(15, 10080),
  /**
   * The longest a build is taken to last when its end is not seen (a builder pod still running, an exec
   * session without its ResponseComplete). Builds are intervals: windows count from their end. Default 30.
   */
  maxBuildMinutes: minutes(30, 1440),
  /**
   * How long entity links (pod ↔ node ↔ IP, instance ↔ IP, pod end) are kept after their last sighting,
   * so an exec into a pod created days ago still finds its node. Default 7.
   */
  entityRetentionDays: z._default(between(1, 90), 7),
  /** Slack for late-arriving events (flow logs arrive up to ~15 min late). Default 20. */
  latenessMinutes: z._default(between(0, 1440), 20),
  /**
   * How far past the clock an event time may be and still be believed: later ones are rejected
   * (`time:in-the-future`), on AWS against the Lambda's clock, in `an1261 replay` against the real
   * wall clock. Host logs are writable by whoever owns the host. Default 15.
   */
  maxClockSkewMinutes: z._default(between(0, 1440), 15),
  /** Your VPC CIDRs (RFC 1918, CGNAT, link-local, loopback and ULA are always internal). */
  internalCidrs: z._default(list(cidr), []),
  trustedDestinations: z._default(trustedDestinations, { cidrs: [], awsServices: [] }),
  /** Registries/repositories (globs on `registry/repository`) where pushes are expected. */
  registryAllowList: z._default(list(glob), []),
  approvedBuilders: z._default(approvedBuilders, { principals: [], hosts: [], kubernetesUsers: [], namespaces: [] }),
  /** More than this many new image digests from one host or principal within the time window raises severity. */
  newImageThreshold: z._default(between(1, 10000), 3),
  /**
   * The first-seen baseline of who builds where (`who @ where`: principal or Kubernetes user, and
   * cluster/namespace or host), learnt from every build signal and kept in the state table. Once it
   * has learnt for `learningDays`, a build by a subject seen building on fewer than `minDays` earlier
   * days raises severity one step.
   */
  baseline: z._default(
    obj({
      /** Earlier days (UTC) a subject must have been seen building on to be recurring. Default 1. */
      minDays: z._default(between(1, 365), 1),
      /** Days of history the baseline needs before it judges (a new deployment would find every builder new). Default 7; 0 judges at once. `an1261 tune --seed-baseline` gives it a backtest's history. */
      learningDays: z._default(between(0, 365), 7),
      /** How long a day seen building is remembered. Default 30. */
      retentionDays: z._default(between(1, 365), 30),
    }).check(
      z.refine((b) => b.minDays <= b.retentionDays, { message: 'must not exceed baseline.retentionDays (older days are forgotten)', path: ['minDays'] }),
      z.refine((b) => b.learningDays <= b.retentionDays, { message: 'must not exceed baseline.retentionDays (older history is forgotten)', path: ['learningDays'] }),
    ),
    { minDays: 1, learningDays: 7, retentionDays: 30 },
  ),
  /** When builds and deploys are expected; activity outside every window raises severity one step. Empty: no effect. */
  releaseWindows: z._default(releaseWindows, []),
  /**
   * Where ECR basic or Inspector enhanced scanning is on: a deploy of an image with no scan result
   * before it raises severity one step (a failed scan is no result). Default false.
   */
  requireScanBeforeDeploy: z._default(z.boolean('must be true or false'), false),
  /** Known, accepted activity. Each needs an owner, a reason and an expiry; expired ones stop applying. */
  suppressions: z._default(
    list(
      obj({
        match: suppressionMatch,
        owner: str().check(z.minLength(1, 'must not be empty')),
        reason: str().check(z.minLength(1, 'must not be empty')),
        expires: isoDate,
      }),
    ),
    [],
  ),
  /** Lowest severity that notifies on-call through SNS. Default MEDIUM. */
  minNotifySeverity: z._default(z.enum(SEVERITIES, `must be one of ${SEVERITIES.join(', ')}`), 'MEDIUM'),
  sources: z._default(
    obj({
      /** EKS clusters whose audit logs (/aws/eks/<name>/cluster) are read. */
      eksClusters: z._default(list(str().check(z.regex(/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/, 'must be an EKS cluster name'))), []),
      /** VPC flow-log groups (globs) and the format string their flow logs were created with. */
      flowLogs: z._default(list(obj({ logGroup: glob, format: z.optional(flowFormat) })), []),
      /** Log groups of container hosts (dockerd debug logs, auditd). */
      hostLogs: z._default(list(obj({ logGroup: glob })), []),
      /**
       * S3 buckets whose new objects are read: VPC flow logs delivered to S3 (text, gzip or Parquet,
       * plain or Hive-compatible layout) and CloudTrail (organisation) trail files. The object key
       * tells which (AWS's own layouts, see docs/deploy-many-accounts.md).
       */
      s3: z._default(
        list(
          obj({
            /** Bucket name (it may live in another account, e.g. the log-archive account). */
            bucket: bucketName,
            /** Key prefix of the objects to read. Default `AWSLogs/`. */
            prefix: z._default(str().check(z.maxLength(1024, 'must be at most 1024 characters')), 'AWSLogs/'),
            /** How new objects are announced: S3 event notifications to the intake queue, or EventBridge "Object Created" events. Default s3. */
            notifications: z._default(z.enum(['s3', 'eventbridge'], 'must be s3 or eventbridge'), 's3'),
            /** The KMS key the bucket's objects are encrypted with (SSE-KMS), so the reader may decrypt them. */
            kmsKeyArn: z.optional(arnOf('kms', /^key\/[0-9a-f-]{36}$|^alias\/[\w/_-]+$/, 'a KMS key')),
            /** The account that owns the bucket (S3 event notifications are accepted only from it). */
            account: z.optional(accountId),
          }),
        ),
        [],
      ),
      /**
       * Amazon Security Lake as a source: a subscriber with S3 data access and SQS notification. The
       * OCSF Network Activity (VPC_FLOW), API Activity (EKS_AUDIT, CLOUD_TRAIL_MGMT) objects it announces
       * are read and mapped to the native signals.
       */
      securityLake: z.optional(
        obj({
          /** The subscriber's notification queue (created by Security Lake). */
          queueArn: arnOf('sqs', /^[\w-]{1,80}$/, 'an SQS queue'),
          /** The Security Lake bucket (`arn:aws:s3:::aws-security-data-lake-<region>-<id>`). */
          bucketArn: str().check(z.regex(/^arn:aws[\w-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket ARN (arn:aws:s3:::name)')),
          /** The subscriber role Security Lake created (assumed, with `externalId`, to read objects); omit when the detector runs in the Security Lake account. */
          roleArn: z.optional(arnOf('iam', /^role\/[\w+=,.@/-]{1,512}$/, 'an IAM role')),
          /** The external id given when the subscriber was created. */
          externalId: z.optional(str().check(z.regex(/^[\w+=,.@:/-]{2,1224}$/, 'must be an external id (2–1224 characters of letters, digits and +=,.@:/-)'))),
          /** The KMS key of the Security Lake bucket, when it uses one. */
          kmsKeyArn: z.optional(arnOf('kms', /^key\/[0-9a-f-]{36}$|^alias\/[\w/_-]+$/, 'a KMS key')),
          /** Which Security Lake sources to read. Default all three. */
          sources: z._default(list(z.enum(SECURITY_LAKE_SOURCES, `must be one of ${SECURITY_LAKE_SOURCES.join(', ')}`)).check(z.minLength(1, 'must name at least one source')), [...SECURITY_LAKE_SOURCES]),
        }).check(z.refine((l) => !l.externalId || l.roleArn, { message: 'externalId needs roleArn', path: ['externalId'] })),
      ),
    }),
    { eksClusters: [], flowLogs: [], hostLogs: [], s3: [] },
  ),
  /**
   * Member accounts (a security tooling account reading an organisation). Their EKS audit and host
   * log groups reach this deployment through a CloudWatch Logs destination (Kinesis) whose policy
   * lists them (or the organisation); each may override allowlists and release windows.
   */
  accounts: z._default(
    obj({
      /** The organisation whose accounts may send logs to the destination (`o-…`). */
      organizationId: z.optional(str().check(z.regex(/^o-[a-z0-9]{10,32}$/, 'must be an organisation id (o-…)'))),
      members: z._default(
        list(
          obj({
            id: accountId,
            /** A readable name for findings and notifications. */
            name: z.optional(str().check(z.minLength(1, 'must not be empty'), z.maxLength(64, 'must be at most 64 characters'))),
            /** A role in the member account `an1261 doctor --account` assumes (read-only checks). */
            doctorRoleArn: z.optional(arnOf('iam', /^role\/[\w+=,.@/-]{1,512}$/, 'an IAM role')),
            /** Keys that replace the top-level ones for this account's activity. */
            overrides: z._default(
              obj({
                approvedBuilders: z.optional(approvedBuilders),
                trustedDestinations: z.optional(trustedDestinations),
                registryAllowList: z.optional(list(glob)),
                releaseWindows: z.optional(releaseWindows),
              }),
              {},
            ),
          }),
        ),
        [],
      ),
    }).check(
      z.refine((a) => new Set(a.members.map((m) => m.id)).size === a.members.length, { message: 'a member account is listed twice', path: ['members'] }),
    ),
    { members: [] },
  ),
  notifications: z._default(
    obj({
      email: z.optional(z.email('must be an email address')),
    }),
    {},
  ),
  /** How the deployed pipeline runs and is watched (used by the CDK app; ignored by the CLI). */
  operations: z._default(
    obj({
      /** Alarm when a source delivers no record for this long. Default 60. */
      silentSourceMinutes: z._default(between(5, 1440), 60),
      /** Retention of the Lambdas' log groups. Default 30. */
      logRetentionDays: z._default(z.number(NUMBER).check(z.refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), `must be one of ${LOG_RETENTION_DAYS.join(', ')}`)), 30),
      /** Send flow logs through a Kinesis Data Stream (high volume) instead of straight to Lambda. */
      flowLogsKinesis: z.optional(
        obj({
          shards: z._default(between(1, 500), 1),
          batchSize: z._default(between(1, 10000), 500),
          parallelizationFactor: z._default(between(1, 10), 2),
        }),
      ),
      /** Reserved concurrency of each ingest Lambda, protecting the state table and the account's pool. Default 20. */
      ingestConcurrency: z._default(between(1, 1000), 20),
    }),
    { silentSourceMinutes: 60, logRetentionDays: 30, ingestConcurrency: 20 },
  ),
});

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

/** A config that cannot be used: `issues` lists each problem, naming the key (or the file). */
export class ConfigError extends An1261Error {
  constructor(
    message: string,
    readonly issues: string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
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
