/**
 * The findings-queue message body: a FindingUpdate as JSON that SQS accepts. SQS refuses a body
 * over 256 KiB of UTF-8 and characters outside its allowed set, and a chain's timeline can hold
 * hundreds of entries with attacker-sized summaries; an over-size finding is trimmed rather than
 * refused, because a message SQS will never accept would fail the batch on every retry.
 */
import type { FindingUpdate, TimelineEntry } from '../core/model/finding';
import { An1261Error } from '../core/util/errors';

/** SendMessage(Batch): one message, and the sum of a batch's messages, are at most 256 KiB. */
export const SQS_MAX_MESSAGE_BYTES = 262_144;

/** Cut applied to each kept timeline entry's free text when the entries alone are too large. */
const ENTRY_TEXT_CAP = 256;

export interface FindingMessage {
  /** The message body: JSON of the (possibly trimmed) FindingUpdate. */
  body: string;
  /** UTF-8 size of `body`. */
  bytes: number;
  findingId: string;
  /** Timeline entries left out to fit; 0 when the update was sent whole. */
  timelineOmitted: number;
  /** True when kept entries had their summary/ref cut to ENTRY_TEXT_CAP characters. */
  textCut: boolean;
}

/** The update cannot fit even with its timeline cut to the bare chain: something else in it is huge. */
export class FindingTooLargeError extends An1261Error {
  constructor(
    readonly findingId: string,
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(`finding ${findingId}: message is ${bytes} bytes even with its timeline trimmed (SQS limit ${maxBytes})`);
  }
}

/**
 * JSON that only holds characters SQS allows. JSON.stringify already escapes control characters
 * and lone surrogates; U+FFFE and U+FFFF stay raw and make SQS reject the whole request, so they
 * are written as their JSON escapes (the parsed value is unchanged).
 */
export function sqsSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\uFFFE\uFFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/**
 * The message body for `update`, within `maxBytes`. Trimming keeps the entries a reader needs to
 * see the chain (the anchor and the first entry of each stage), then as many of the others as fit,
 * earliest first (the publisher quotes the earliest entries); only when those few entries are still
 * too big are their texts cut.
 * @example const { body } = findingMessage(update); // body.length ≤ 256 KiB of UTF-8
 */
export function findingMessage(update: FindingUpdate, maxBytes = SQS_MAX_MESSAGE_BYTES): FindingMessage {
  const findingId = update.finding.id;
  const whole = sqsSafeJson(update);
  const wholeBytes = utf8Bytes(whole);
  if (wholeBytes <= maxBytes) return { body: whole, bytes: wholeBytes, findingId, timelineOmitted: 0, textCut: false };

  const timeline = update.finding.timeline;
  const { essential, rest } = splitTimeline(timeline, update.finding.anchor.signalId);
  const render = (kept: TimelineEntry[]) => {
    const body = sqsSafeJson({ ...update, finding: { ...update.finding, timeline: kept } });
    return { body, bytes: utf8Bytes(body) };
  };
  const rank = new Map(rest.map((index, r) => [index, r]));
  const keep = (k: number) => timeline.filter((_, i) => essential.has(i) || (rank.get(i) ?? k) < k);

  // The size grows with k (entries kept besides the essential ones): binary search the largest k that fits.
  let lo = 0;
  let hi = rest.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (render(keep(mid)).bytes <= maxBytes) lo = mid;
    else hi = mid - 1;
  }
  const kept = keep(lo);
  const fitted = render(kept);
  if (fitted.bytes <= maxBytes) return { ...fitted, findingId, timelineOmitted: timeline.length - kept.length, textCut: false };

  const cut = kept.map((e) => ({ ...e, summary: capText(e.summary), ref: capText(e.ref) }));
  const last = render(cut);
  if (last.bytes <= maxBytes) return { ...last, findingId, timelineOmitted: timeline.length - cut.length, textCut: true };
  throw new FindingTooLargeError(findingId, last.bytes, maxBytes);
}

/** Indices of the entries that show the chain, and of the others in timeline (time) order. */
function splitTimeline(timeline: readonly TimelineEntry[], anchorSignalId: string): { essential: Set<number>; rest: number[] } {
  const essential = new Set<number>();
  const stagesSeen = new Set<string>();
  timeline.forEach((e, i) => {
    if (e.signalId === anchorSignalId) essential.add(i);
    if (!stagesSeen.has(e.stage)) {
      stagesSeen.add(e.stage);
      essential.add(i);
    }
  });
  const rest = timeline.map((_, i) => i).filter((i) => !essential.has(i));
  return { essential, rest };
}

function capText(s: string): string {
  return s.length <= ENTRY_TEXT_CAP ? s : `${s.slice(0, ENTRY_TEXT_CAP - 1)}…`;
}
