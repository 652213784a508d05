/**
 * The deterministic finding id. A chain is named by what all its anchors share, never by which
 * event arrived first:
 *  - its image when known: the smallest `registry/repository:tag` among the anchors' images
 *    (else the smallest digest), so a build naming `app:v1` and the push of `app:v1` meet;
 *  - else its host: the smallest host partition key of the anchors;
 * plus the UTC day of the earliest anchor, so a tag re-used on another day is a new chain.
 * Consequence (documented): an image-less build that a later push gives an image to changes
 * name once; a chain spanning midnight UTC keeps the day of its earliest anchor once that anchor
 * has arrived.
 */
import { imageKeys } from '../model/image-ref';
import type { BuildSignal, PushSignal } from '../model/signal';
import { stableId } from '../util/hash';
import { signalHostKeys } from './state-keys';

export function chainIdentity(anchors: ReadonlyArray<BuildSignal | PushSignal>, images: readonly string[]): string {
  const keys = images.flatMap(imageKeys);
  const tag = keys.filter((k) => k.startsWith('tag:')).sort()[0];
  const digest = keys.filter((k) => k.startsWith('digest:')).sort()[0];
  const host = anchors.flatMap(signalHostKeys).sort()[0];
  return tag ?? digest ?? host ?? `anchor:${[...anchors].map((a) => a.id).sort()[0]}`;
}

export function findingId(anchors: ReadonlyArray<BuildSignal | PushSignal>, images: readonly string[]): string {
  const earliest = anchors.map((a) => a.time).sort()[0] ?? '';
  return stableId('AN1261', chainIdentity(anchors, images), earliest.slice(0, 10));
}
