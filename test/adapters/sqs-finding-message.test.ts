/** The findings-queue message body: JSON SQS accepts, and over-size findings trimmed rather than refused. */
import { FindingTooLargeError, SQS_MAX_MESSAGE_BYTES, findingMessage, sqsSafeJson } from '../../lambdas/adapters/sqs-finding-message';
import type { FindingUpdate } from '../../lambdas/core/model/finding';
import { ANCHOR_ID, updateWithTimeline } from './sqs-fixtures';

describe('Function: findingMessage', () => {
  it('sends a finding that fits whole, as the JSON of the FindingUpdate', () => {
    const update = updateWithTimeline(3);
    const m = findingMessage(update);
    expect(JSON.parse(m.body)).toEqual(update);
    expect(m).toMatchObject({ findingId: 'f00dfeed00000000000000000000beef', timelineOmitted: 0, textCut: false, bytes: Buffer.byteLength(m.body) });
  });

  it('trims a long timeline to fit 256 KiB, keeping the anchor, the first entry of each stage and the earliest others', () => {
    const update = updateWithTimeline(1500, 200);
    expect(Buffer.byteLength(JSON.stringify(update))).toBeGreaterThan(SQS_MAX_MESSAGE_BYTES);
    const m = findingMessage(update);
    const sent = JSON.parse(m.body) as FindingUpdate;
    expect(m.bytes).toBeLessThanOrEqual(SQS_MAX_MESSAGE_BYTES);
    expect(m.bytes).toBeGreaterThan(SQS_MAX_MESSAGE_BYTES - 1000); // as many entries as fit, not a crude cut
    expect(m.timelineOmitted).toBe(update.finding.timeline.length - sent.finding.timeline.length);
    expect(m.timelineOmitted).toBeGreaterThan(0);
    const stages = sent.finding.timeline.map((e) => e.stage);
    expect(stages[0]).toBe('build');
    expect(sent.finding.timeline[0]!.signalId).toBe(ANCHOR_ID);
    expect(stages[stages.length - 1]).toBe('push');
    // The egress entries kept are the earliest ones, in order.
    const egress = sent.finding.timeline.filter((e) => e.stage === 'egress').map((e) => e.summary.split(' ')[1]);
    expect(egress).toEqual(Array.from({ length: egress.length }, (_, i) => String(i + 1)));
    // Everything but the timeline is sent unchanged.
    expect({ ...sent.finding, timeline: [] }).toEqual({ ...update.finding, timeline: [] });
    expect(sent.previousSeverity).toBe('MEDIUM');
  });

  it('cuts entry texts when even the essential entries are too big (attacker-sized summaries)', () => {
    const update = updateWithTimeline(2, 150_000);
    const m = findingMessage(update);
    const sent = JSON.parse(m.body) as FindingUpdate;
    expect(m.bytes).toBeLessThanOrEqual(SQS_MAX_MESSAGE_BYTES);
    expect(m.textCut).toBe(true);
    expect(sent.finding.timeline.map((e) => e.stage)).toEqual(['build', 'egress', 'push']);
    expect(sent.finding.timeline[0]!.summary).toHaveLength(256);
    expect(sent.finding.timeline[0]!.summary.endsWith('…')).toBe(true);
  });

  it('throws naming the finding when something besides the timeline is too big', () => {
    const update = updateWithTimeline(1);
    update.finding.description = 'd'.repeat(300_000);
    expect(() => findingMessage(update)).toThrow(FindingTooLargeError);
    expect(() => findingMessage(update)).toThrow(/^finding f00dfeed00000000000000000000beef: message is \d+ bytes even with its timeline trimmed \(SQS limit 262144\)$/);
  });

  it('honours a smaller limit (a queue created with a lower MaximumMessageSize)', () => {
    const m = findingMessage(updateWithTimeline(100), 8_000);
    expect(m.bytes).toBeLessThanOrEqual(8_000);
    expect(m.timelineOmitted).toBeGreaterThan(0);
  });
});

describe('Function: sqsSafeJson', () => {
  it('escapes U+FFFE/U+FFFF (refused by SQS) and lone surrogates, and parses back to the same value', () => {
    const value = { image: 'evil\uFFFF\uFFFE:tag', cmd: 'a\u0000b', half: 'x\uD800y' };
    const json = sqsSafeJson(value);
    const refusedBySqs = [...json].filter((ch) => {
      const c = ch.codePointAt(0)!;
      return c < 0x20 || c === 0xfffe || c === 0xffff || (c >= 0xd800 && c <= 0xdfff);
    });
    expect(refusedBySqs).toEqual([]);
    expect(json).toContain('\\uffff\\ufffe');
    expect(JSON.parse(json)).toEqual(value);
  });
});
