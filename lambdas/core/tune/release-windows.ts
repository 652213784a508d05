/**
 * A release window read off the deploy histogram (weekday × UTC hour, deploys by people and CD
 * tools, not by Kubernetes controllers): the days that hold ≥ 5% of deploys, and the narrowest
 * contiguous hour range holding ≥ 95% of those days' deploys.
 */
import type { Inventory } from './inventory-types';
import type { ProposedEntry } from './proposal-types';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

export const RELEASE_WINDOW_RULES = { minDeploys: 20, dayShare: 0.05, hourShare: 0.95 } as const;

const hh = (h: number): string => (h >= 24 ? '23:59' : `${String(h).padStart(2, '0')}:00`);

/**
 * The proposed window, or undefined when there are fewer than 20 deploys.
 * @example proposeReleaseWindow(inventory)?.value // { days: ['Mon', …, 'Fri'], start: '08:00', end: '18:00', timeZone: 'UTC' }
 */
export function proposeReleaseWindow(inventory: Inventory): ProposedEntry | undefined {
  const { histogram, total } = inventory.deploys;
  if (total < RELEASE_WINDOW_RULES.minDeploys) return undefined;
  const perDay = histogram.map((row) => row.reduce((a, b) => a + b, 0));
  const days = perDay.map((n, d) => (n >= RELEASE_WINDOW_RULES.dayShare * total ? d : -1)).filter((d) => d >= 0);
  if (days.length === 0) return undefined;
  const hourly = new Array<number>(24).fill(0);
  for (const d of days) histogram[d]!.forEach((n, h) => (hourly[h]! += n));
  const inDays = hourly.reduce((a, b) => a + b, 0);
  const need = RELEASE_WINDOW_RULES.hourShare * inDays;
  let best: [number, number] = [0, 24];
  for (let start = 0; start < 24; start++) {
    let sum = 0;
    for (let end = start; end < 24; end++) {
      sum += hourly[end]!;
      if (sum >= need) {
        if (end + 1 - start < best[1] - best[0]) best = [start, end + 1];
        break;
      }
    }
  }
  const covered = hourly.slice(best[0], best[1]).reduce((a, b) => a + b, 0);
  return {
    key: 'releaseWindows',
    value: { days: days.map((d) => DAYS[d]!), start: hh(best[0]), end: hh(best[1]), timeZone: 'UTC' },
    covers: {
      events: covered,
      days: days.length,
      firstSeen: inventory.firstSeen ?? '',
      lastSeen: inventory.lastSeen ?? '',
      examples: [],
      detail: `covers ${covered} of ${total} deploys`,
    },
    risks: [],
  };
}
