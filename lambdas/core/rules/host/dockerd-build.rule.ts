/**
 * dockerd-build: `POST /vX/build` on a Docker daemon, i.e. `docker build` (classic builder,
 * `version=1`) or BuildKit through the daemon (`version=2`) on that host.
 */
import type { BuildSignal } from '../../model/signal';
import { normalizeImage } from '../../model/image-ref';
import { queryValue } from '../../records/host/dockerd-api-call';
import type { DockerdApiRecord } from '../../records/host/host-records';
import { NO_SIGNAL, type Rule, signalsOutcome } from '../rule';
import { evidence, hostSignalBase } from './host-signal';

/** The first `t=` that is a valid reference: `docker build -t a -t b` sends both, the first names the build. */
export function firstImage(values: readonly string[] | undefined): string | undefined {
  for (const v of values ?? []) {
    const image = normalizeImage(v);
    if (image) return image;
  }
  return undefined;
}

export const dockerdBuild: Rule<DockerdApiRecord> = {
  id: 'dockerd-build',
  source: 'dockerd',
  title: 'Docker daemon image build (POST /build)',
  description:
    'The Docker Engine API build endpoint was called on this host: an image is being built on the host itself (T1612). ' +
    'The image is the first t= tag; version=2 means the daemon ran the build with BuildKit (tool "buildkit"), else the classic builder (tool "docker"). ' +
    'POST /session only opens a BuildKit client session and is not a build.',
  evaluate(r, ctx) {
    if (r.call.endpoint !== 'build') return NO_SIGNAL;
    const tags = r.call.query.get('t');
    const image = firstImage(tags);
    if (!image && tags && tags.length > 0) ctx.drop?.('dockerd:invalid-image-reference');
    const signal: BuildSignal = {
      ...hostSignalBase('dockerd-build', 'dockerd', r, ctx),
      kind: 'build',
      method: 'docker-api',
      tool: queryValue(r.call, 'version') === '2' ? 'buildkit' : 'docker',
      command: evidence(`${r.call.method} ${r.call.requestUri}`),
    };
    if (image) signal.image = image;
    return signalsOutcome(signal);
  },
};
