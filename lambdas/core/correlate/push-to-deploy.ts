/**
 * How fast a pushed image went live: seconds from the chain's earliest push to its earliest deploy
 * at or after it (risk evidence on the deploy side: an image built off-pipeline and running minutes
 * later had no review). Read from the timeline, which always keeps the first entry of each stage,
 * so a finding merged from several evaluations says the same as one evaluation would.
 */
import type { TimelineEntry } from '../model/finding';

export function pushToDeploySeconds(timeline: readonly Pick<TimelineEntry, 'stage' | 'time'>[]): number | undefined {
  const times = (stage: TimelineEntry['stage']) =>
    timeline
      .filter((e) => e.stage === stage)
      .map((e) => Date.parse(e.time))
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
  const push = times('push')[0];
  if (push === undefined) return undefined;
  const deploy = times('deploy').find((t) => t >= push);
  return deploy === undefined ? undefined : Math.round((deploy - push) / 1000);
}
