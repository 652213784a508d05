/**
 * Detection settings: the config compiled once (CIDR sets parsed, windows in ms) for the hot paths.
 * Build it at start-up with `compileSettings(config)` and pass it to normalizers and the correlator.
 */
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
}

export function compileSettings(config: Config = DEFAULT_CONFIG): DetectionSettings {
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
