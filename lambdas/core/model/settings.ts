/**
 * Detection settings: the config compiled once (CIDR sets parsed, windows in ms) for the hot paths.
 * Build it at start-up with `compileSettings(config)` and pass it to normalizers and the correlator.
 */
import { accountOfPrincipalArn } from './principal-arn';
import { CidrSet } from '../util/cidr';
import { type Config, DEFAULT_CONFIG } from './config';

/** Always internal, whatever the config says (DESIGN.md, "Trust of a destination"). */
export const ALWAYS_INTERNAL_CIDRS = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10', // carrier-grade NAT, used by EKS custom networking
  '169.254.0.0/16', // link-local, IMDS
  '127.0.0.0/8',
  '0.0.0.0/32',
  '255.255.255.255/32',
  '224.0.0.0/4', // multicast never leaves as egress
  'fc00::/7', // IPv6 unique local
  'fe80::/10', // IPv6 link-local
  '::1/128',
  'ff00::/8',
] as const;

export interface DetectionSettings {
  readonly config: Config;
  /** RFC 1918 & co plus `internalCidrs`. */
  readonly internal: CidrSet;
  /** `trustedDestinations.cidrs`. */
  readonly trustedCidrs: CidrSet;
  /** `trustedDestinations.awsServices`, upper-case. */
  readonly trustedServices: ReadonlySet<string>;
  /** `timeWindowMinutes` in ms: also the egress aggregation bucket. */
  readonly timeWindowMs: number;
  readonly deployWindowMs: number;
  readonly latenessMs: number;
  /** `maxBuildMinutes` in ms: the assumed length of a build whose end is not seen. */
  readonly maxBuildMs: number;
  /** `entityRetentionDays` in ms: how long entity links outlive their last sighting. */
  readonly entityRetentionMs: number;
  /** `maxClockSkewMinutes` in ms: how far past the (wall) clock an event time is still believed. */
  readonly maxClockSkewMs: number;
  /**
   * Several accounts are read (`accounts` lists members or an organisation, or S3 / Security Lake
   * sources are configured): host state is kept per account (`Signal.scope`).
   */
  readonly multiAccount: boolean;
  /** Compiled settings per member account with overrides (see {@link settingsForAccount}). */
  readonly perAccount: ReadonlyMap<string, DetectionSettings>;
}

/** The settings that judge activity of `account`: its member overrides applied, else the top-level ones. */
export function settingsForAccount(settings: DetectionSettings, account: string | undefined): DetectionSettings {
  return (account !== undefined && settings.perAccount.get(account)) || settings;
}

/** Sets `s.scope` when several accounts are read (what the ingest pipeline does to every signal it emits). */
export function scopeToAccount<S extends { kind: string; account?: string; actor?: { arn?: string }; scope?: string }>(settings: DetectionSettings, s: S): S {
  if (settings.multiAccount) s.scope ??= accountScopeOf(s);
  return s;
}

/** The account a signal's host belongs to, when several accounts are read (`-` when no source says). */
export function accountScopeOf(s: { kind: string; account?: string; actor?: { arn?: string } }): string {
  // A push is made by its principal: an instance-role session of a member account pushing to the
  // central registry is that account's host, whatever account the registry (the event) belongs to.
  return (s.kind === 'push' ? accountOfPrincipalArn(s.actor?.arn) : undefined) ?? s.account ?? '-';
}

export function compileSettings(config: Config = DEFAULT_CONFIG): DetectionSettings {
  const base = compileOne(config);
  const perAccount = new Map<string, DetectionSettings>();
  const settings: DetectionSettings = {
    ...base,
    multiAccount: config.accounts.members.length > 0 || config.accounts.organizationId !== undefined || config.sources.s3.length > 0 || config.sources.securityLake !== undefined,
    perAccount,
  };
  for (const m of config.accounts.members) {
    const o = m.overrides;
    if (Object.keys(o).length === 0) continue;
    const merged: Config = {
      ...config,
      ...(o.approvedBuilders ? { approvedBuilders: o.approvedBuilders } : {}),
      ...(o.trustedDestinations ? { trustedDestinations: o.trustedDestinations } : {}),
      ...(o.registryAllowList ? { registryAllowList: o.registryAllowList } : {}),
      ...(o.releaseWindows ? { releaseWindows: o.releaseWindows } : {}),
    };
    perAccount.set(m.id, { ...compileOne(merged), multiAccount: settings.multiAccount, perAccount });
  }
  return settings;
}

function compileOne(config: Config): Omit<DetectionSettings, 'multiAccount' | 'perAccount'> {
  return {
    config,
    internal: new CidrSet([...ALWAYS_INTERNAL_CIDRS, ...config.internalCidrs]),
    trustedCidrs: new CidrSet(config.trustedDestinations.cidrs),
    trustedServices: new Set(config.trustedDestinations.awsServices),
    timeWindowMs: config.timeWindowMinutes * 60_000,
    deployWindowMs: config.deployWindowMinutes * 60_000,
    latenessMs: config.latenessMinutes * 60_000,
    maxBuildMs: config.maxBuildMinutes * 60_000,
    entityRetentionMs: config.entityRetentionDays * 86_400_000,
    maxClockSkewMs: config.maxClockSkewMinutes * 60_000,
  };
}
