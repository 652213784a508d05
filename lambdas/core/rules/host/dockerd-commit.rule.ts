/** dockerd-commit: `POST /vX/commit?container=…&repo=…&tag=…`, i.e. `docker commit`: an image made from a container. */
import { queryValue } from '../../records/host/dockerd-api-call';
import type { DockerdApiRecord } from '../../records/host/host-records';
import { NO_SIGNAL, type Rule, signalsOutcome } from '../rule';
import { dockerApiBuild } from './docker-api-build';
import { repoTagImage } from './host-signal';

export const dockerdCommit: Rule<DockerdApiRecord> = {
  id: 'dockerd-commit',
  source: 'dockerd',
  title: 'Docker daemon image commit (POST /commit)',
  description:
    'A container\'s filesystem was committed into a new image on this host: an image created outside any build pipeline (T1612). ' +
    'The image is repo:tag from the query; a commit without repo creates an untagged image.',
  evaluate(r, ctx) {
    if (r.call.endpoint !== 'commit') return NO_SIGNAL;
    const image = repoTagImage(queryValue(r.call, 'repo'), queryValue(r.call, 'tag'));
    return signalsOutcome(dockerApiBuild('dockerd-commit', r, ctx, 'docker', image));
  },
};
