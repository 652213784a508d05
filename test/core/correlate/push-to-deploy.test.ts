/** Push → deploy latency: how fast an image went live after its push (risk evidence on the deploy side). */
import { pushToDeploySeconds } from '../../../lambdas/core/correlate/push-to-deploy';
import type { TimelineEntry } from '../../../lambdas/core/model/finding';

const at = (stage: TimelineEntry['stage'], time: string) => ({ stage, time });

describe('pushToDeploySeconds', () => {
  it('counts from the earliest push to the earliest deploy after it', () => {
    expect(pushToDeploySeconds([at('build', '2026-11-02T01:00:00Z'), at('push', '2026-11-02T01:08:00Z'), at('push', '2026-11-02T01:09:00Z'), at('deploy', '2026-11-02T01:12:30Z'), at('deploy', '2026-11-02T01:20:00Z')])).toBe(270);
  });

  it('ignores a deploy before the push (an older rollout of the same tag) and says nothing without both stages', () => {
    expect(pushToDeploySeconds([at('deploy', '2026-11-02T01:00:00Z'), at('push', '2026-11-02T01:08:00Z'), at('deploy', '2026-11-02T01:08:05Z')])).toBe(5);
    expect(pushToDeploySeconds([at('deploy', '2026-11-02T01:00:00Z'), at('push', '2026-11-02T01:08:00Z')])).toBeUndefined();
    expect(pushToDeploySeconds([at('build', '2026-11-02T01:00:00Z'), at('deploy', '2026-11-02T01:08:00Z')])).toBeUndefined();
    expect(pushToDeploySeconds([at('push', 'not a time'), at('deploy', '2026-11-02T01:08:00Z')])).toBeUndefined();
  });
});
