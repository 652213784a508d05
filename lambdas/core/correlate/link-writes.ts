/**
 * Entity links are written once per change, not once per event: a kubelet reports a pod's IP many
 * times, every flow-log batch names its instance's IP. A link already written by this process is
 * skipped until its stored expiry is a day short of what a new sighting would give it (then it is
 * refreshed). Bounded: the oldest entries go first.
 */
import type { LinkSignal } from '../model/signal';
import { linkChangeKey } from './state-items';

const REFRESH_SEC = 86_400;
const MAX_ENTRIES = 100_000;

export class LinkWrites {
  private readonly expiries = new Map<string, number>();

  /** True when this link is new to this process, or its stored copy needs refreshing. */
  shouldWrite(s: LinkSignal, expiresAt: number): boolean {
    const written = this.expiries.get(linkChangeKey(s));
    return written === undefined || expiresAt - written >= REFRESH_SEC;
  }

  written(s: LinkSignal, expiresAt: number): void {
    const key = linkChangeKey(s);
    this.expiries.delete(key);
    this.expiries.set(key, Math.max(expiresAt, this.expiries.get(key) ?? 0));
    if (this.expiries.size > MAX_ENTRIES) this.expiries.delete(this.expiries.keys().next().value!);
  }
}
