/**
 * The shared partial-batch loop (lambdas/adapters/partial-batch-retry.ts), the request chunker
 * (request-chunks.ts) and client factories called on first use (client-source.ts).
 */
import { clientGetter } from '../../lambdas/adapters/client-source';
import { jitteredBackoff, retryPartialBatch } from '../../lambdas/adapters/partial-batch-retry';
import { chunkRequests } from '../../lambdas/adapters/request-chunks';

describe('Function: retryPartialBatch', () => {
  it('sends what is pending each round, waiting between rounds, until nothing is left', async () => {
    // Prepare
    const sent: Array<readonly string[]> = [];
    const waits: number[] = [];
    const refusals = [['b', 'c'], ['c'], []];
    // Act
    const result = await retryPartialBatch(['a', 'b', 'c'], {
      send: async (pending, round) => {
        sent.push(pending);
        return refusals[round]!;
      },
      maxRounds: 5,
      backoffMs: (round) => round * 10,
      sleep: async (ms) => void waits.push(ms),
    });
    // Assess
    expect({ sent, waits, result }).toEqual({ sent: [['a', 'b', 'c'], ['b', 'c'], ['c']], waits: [10, 20], result: { pending: [], rounds: 3 } });
  });

  it('stops after maxRounds and returns what is still pending', async () => {
    const result = await retryPartialBatch([1, 2], { send: async (pending) => pending.slice(1), maxRounds: 1, backoffMs: () => 0, sleep: async () => {} });
    expect(result).toEqual({ pending: [2], rounds: 1 });
  });

  it('sends nothing for no entries', async () => {
    const send = jest.fn();
    expect(await retryPartialBatch([], { send, maxRounds: 3, backoffMs: () => 0, sleep: async () => {} })).toEqual({ pending: [], rounds: 0 });
    expect(send).not.toHaveBeenCalled();
  });
});

describe('Function: jitteredBackoff', () => {
  it('doubles from the base up to the cap, between half and all of it', () => {
    const backoff = jitteredBackoff(50, 2000);
    for (const [round, full] of [[1, 100], [3, 400], [10, 2000]] as const) {
      const ms = backoff(round);
      expect(ms >= full / 2 && ms <= full).toBe(true);
    }
  });
});

describe('Function: chunkRequests', () => {
  it('cuts at the entry count and at the byte limit, counting envelope and separators', () => {
    expect(chunkRequests([1, 2, 3, 4, 5], () => 1, { maxItems: 2, maxBytes: 100 })).toEqual([[1, 2], [3, 4], [5]]);
    // 2 + 4 + 1 + 4 = 11 fits; a third entry would make 16.
    expect(chunkRequests(['a', 'b', 'c'], () => 4, { maxItems: 10, maxBytes: 12, baseBytes: 2, separatorBytes: 1 })).toEqual([['a', 'b'], ['c']]);
  });

  it('sends an oversized entry alone', () => {
    expect(chunkRequests([1, 50, 2], (n) => n, { maxItems: 10, maxBytes: 10 })).toEqual([[1], [50], [2]]);
  });
});

describe('Function: clientGetter', () => {
  it('calls a factory once, on first use', async () => {
    const factory = jest.fn(async () => ({ name: 'client' }));
    const get = clientGetter(factory);
    expect(factory).not.toHaveBeenCalled();
    const [a, b] = await Promise.all([get(), get()]);
    expect({ same: a === b, calls: factory.mock.calls.length }).toEqual({ same: true, calls: 1 });
  });

  it('calls the factory again after it failed', async () => {
    const factory = jest.fn().mockRejectedValueOnce(new Error('no region')).mockResolvedValueOnce({ name: 'client' });
    const get = clientGetter<{ name: string }>(factory);
    await expect(get()).rejects.toThrow('no region');
    await expect(get()).resolves.toEqual({ name: 'client' });
  });

  it('hands back a ready client as it is', async () => {
    const client = { name: 'client' };
    expect(await clientGetter(client)()).toBe(client);
  });
});
