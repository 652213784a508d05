/**
 * dockerd-image-create: `POST /vX/images/create?fromSrc=…&repo=…&tag=…`, i.e. `docker import`: a root
 * filesystem tarball turned into a new image on the host. The same endpoint with `fromImage=` is a
 * pull (`docker pull`, or the pull before `docker run`): evidence of image activity, but the image
 * was made elsewhere, so it is no build signal here (the normalizer counts it as `dockerd:image-pull`).
 */
import { queryValue } from '../../records/host/dockerd-api-call';
import type { DockerdApiRecord } from '../../records/host/host-records';
import { NO_SIGNAL, type Rule, signalsOutcome } from '../rule';
import { dockerApiBuild } from './docker-api-build';
import { repoTagImage } from './host-signal';

export const dockerdImageCreate: Rule<DockerdApiRecord> = {
  id: 'dockerd-image-create',
  source: 'dockerd',
  title: 'Docker daemon image import (POST /images/create?fromSrc=)',
  description:
    'An image was created on this host by importing a root filesystem (docker import), bypassing any build pipeline (T1612). ' +
    'Pulls through the same endpoint (fromImage=) are not builds and emit nothing.',
  evaluate(r, ctx) {
    if (r.call.endpoint !== 'image-create' || queryValue(r.call, 'fromSrc') === undefined) return NO_SIGNAL;
    const image = repoTagImage(queryValue(r.call, 'repo'), queryValue(r.call, 'tag'));
    return signalsOutcome(dockerApiBuild('dockerd-image-create', r, ctx, 'docker', image));
  },
};
