/**
 * dockerd-push: `POST /vX/images/<name>/push?tag=…`, i.e. `docker push`. The name is URL-encoded
 * (`111122223333.dkr.ecr.us-east-1.amazonaws.com%2Fapp`) or not, and may hold a registry host and slashes.
 */
import { parseImageRef } from '../../model/image-ref';
import { queryValue } from '../../records/host/dockerd-api-call';
import type { DockerdApiRecord } from '../../records/host/host-records';
import { NO_SIGNAL, type Rule, signalsOutcome } from '../rule';
import { hostPushSignal } from './host-signal';

export const dockerdPush: Rule<DockerdApiRecord> = {
  id: 'dockerd-push',
  source: 'dockerd',
  title: 'Docker daemon image push (POST /images/<name>/push)',
  description:
    'This host pushed an image to a registry through the Docker daemon: the step after a build on the host that ships the image (T1612 chain). ' +
    'Registry, repository and tag come from the path and the tag= query (no tag: every tag of the repository was pushed).',
  evaluate(r, ctx) {
    if (r.call.endpoint !== 'image-push' || r.call.imageName === undefined) return NO_SIGNAL;
    const tag = queryValue(r.call, 'tag');
    const ref = (tag ? parseImageRef(`${r.call.imageName}:${tag}`) : undefined) ?? parseImageRef(r.call.imageName);
    if (!ref) {
      ctx.drop?.('dockerd:invalid-image-reference');
      return NO_SIGNAL;
    }
    return signalsOutcome(hostPushSignal('dockerd-push', 'dockerd', r, ctx, ref));
  },
};
