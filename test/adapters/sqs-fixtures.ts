/** Findings for the SQS sink tests: a HIGH chain whose timeline length and text size are chosen per test. */
import type { Finding, FindingUpdate, TimelineEntry } from '../../lambdas/core/model/finding';

export const ANCHOR_ID = 'b0000000000000000000000000000001';

/** A HIGH chain whose timeline is `extra` egress entries after a build and a push, each `summaryChars` long. */
export function updateWithTimeline(extra: number, summaryChars = 100, id = 'f00dfeed00000000000000000000beef'): FindingUpdate {
  const entry = (i: number, stage: TimelineEntry['stage'], signalId: string): TimelineEntry => ({
    time: new Date(Date.parse('2026-11-02T02:14:00.000Z') + i * 1000).toISOString(),
    stage,
    kind: stage,
    summary: `${stage} ${i} ${'x'.repeat(summaryChars)}`,
    source: stage === 'egress' ? 'vpc-flow' : 'eks-audit',
    rule: `${stage}-rule`,
    signalId,
    ref: `cwl:/g/s#${i}`,
  });
  const timeline = [entry(0, 'build', ANCHOR_ID), ...Array.from({ length: extra }, (_, i) => entry(i + 1, 'egress', `e${String(i).padStart(31, '0')}`)), entry(extra + 1, 'push', 'p0000000000000000000000000000001')];
  const finding = {
    id,
    version: 2,
    severity: 'HIGH',
    baseSeverity: 'HIGH',
    modifiers: [],
    title: 'AN1261 image built on host i-0a1b2c3d4e5f60718 pushed',
    description: 'A container image was built on i-0a1b2c3d4e5f60718.',
    stages: ['build', 'egress', 'push'],
    anchor: { stage: 'build', signalId: ANCHOR_ID, time: timeline[0]!.time },
    images: [],
    hosts: { instanceIds: ['i-0a1b2c3d4e5f60718'], ips: [], nodeNames: [], hostnames: [], pods: [] },
    actors: [],
    registries: [],
    egress: [],
    firstSeen: timeline[0]!.time,
    lastSeen: timeline[timeline.length - 1]!.time,
    createdAt: '2026-11-02T02:15:00.000Z',
    updatedAt: '2026-11-02T02:20:00.000Z',
    timeline,
    allowlists: [],
    severityEvidence: { stages: ['build', 'egress', 'push'], pushedRepositories: [], activityTimes: [], newImageCount: 1 },
  } satisfies Finding;
  return { finding, previousSeverity: 'MEDIUM', previouslySuppressed: false };
}
