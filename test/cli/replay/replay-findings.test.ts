/** What the replay says of each finding: new this run, updated from the table's version, or unchanged. */
import type { Finding } from '../../../lambdas/core/model/finding';
import { ReplayFindings } from '../../../lambdas/cli/replay/replay-findings';

const f = (id: string, version: number) => ({ id, version, severity: 'HIGH' }) as unknown as Finding;

describe('ReplayFindings', () => {
  it('keeps the latest version of each finding and tells new, updated and unchanged apart', async () => {
    const sink = new ReplayFindings();
    await sink.send([{ finding: f('a', 1) }, { finding: f('b', 3) }]);
    await sink.send([{ finding: f('a', 2) }]);
    sink.unchanged([f('c', 4), f('a', 2)]);
    // Unchanged first, then changed later in the same run: the table had it, so it is updated.
    sink.unchanged([f('d', 2)]);
    await sink.send([{ finding: f('d', 3) }]);
    expect([...sink.findings()].map((x) => `${x.id}#${x.version}`).sort()).toEqual(['a#2', 'b#3', 'c#4', 'd#3']);
    expect(['a', 'b', 'c', 'd'].map((id) => sink.statusOf(id))).toEqual(['new', 'updated', 'unchanged', 'updated']);
    expect(sink.breakdown()).toBe('1 new, 2 updated, 1 unchanged (already in the table, nothing new)');
  });
});
