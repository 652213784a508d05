/**
 * Whether a signal's times can be believed (and used to build state keys and windows): one check
 * for the ingest pipeline (against the clock) and the correlator (its last line of defence).
 */
import type { Signal } from './signal';

/** No event of this product's sources is older (EC2 and S3 date from 2006; EKS, ECR, flow logs are younger). */
export const EARLIEST_EVENT_MS = Date.UTC(2006, 0, 1);
/** The latest believable event time when an event-time clock was given no `wallNow`. */
export const NO_WALL_CLOCK_LATEST_MS = Date.UTC(2100, 0, 1);

/** The time fields of a signal that state keys and windows are computed from. */
const TIME_FIELDS = ['time', 'endTime', 'firstSeen', 'lastSeen'] as const;

/**
 * Why a signal's times are not believable, or undefined when they are: `time:invalid` (missing or
 * unparsable `time`, or an unparsable other time field), `time:before-2006`, `time:in-the-future`
 * (after `latestMs`).
 */
export function timeFault(s: Signal, latestMs: number): { reason: string; detail: string } | undefined {
  for (const field of TIME_FIELDS) {
    const v = (s as unknown as Record<string, unknown>)[field];
    if (v === undefined && field !== 'time') continue;
    const t = typeof v === 'string' ? Date.parse(v) : Number.NaN;
    const detail = `${field} ${typeof v === 'string' ? v.slice(0, 64) : String(v)}`;
    if (Number.isNaN(t)) return { reason: 'time:invalid', detail };
    if (t < EARLIEST_EVENT_MS) return { reason: 'time:before-2006', detail };
    if (t > latestMs) return { reason: 'time:in-the-future', detail };
  }
  return undefined;
}
