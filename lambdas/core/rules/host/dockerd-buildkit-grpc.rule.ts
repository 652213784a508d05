/**
 * dockerd-buildkit-grpc: `POST /vX/grpc`, the daemon's embedded BuildKit endpoint. Since Docker 23
 * `docker build` is `docker buildx build`, whose default "docker" driver talks to BuildKit through
 * this endpoint instead of calling /build, so on current hosts this line is the build's only trace.
 */
import type { BuildSignal } from '../../model/signal';
import type { DockerdApiRecord } from '../../records/host/host-records';
import { NO_SIGNAL, type Rule, signalsOutcome } from '../rule';
import { evidence, hostSignalBase } from './host-signal';

export const dockerdBuildkitGrpc: Rule<DockerdApiRecord> = {
  id: 'dockerd-buildkit-grpc',
  source: 'dockerd',
  title: 'BuildKit session on the Docker daemon (POST /grpc)',
  description:
    'A client opened the Docker daemon\'s embedded BuildKit gRPC endpoint, as docker buildx (and docker build since Docker 23) does to build an image on the host (T1612). ' +
    'The image tag travels inside the gRPC stream, so the signal has none; buildx housekeeping (ls, du, prune) opens the same endpoint, hence a build signal without image.',
  evaluate(r, ctx) {
    if (r.call.endpoint !== 'grpc') return NO_SIGNAL;
    const signal: BuildSignal = {
      ...hostSignalBase('dockerd-buildkit-grpc', 'dockerd', r, ctx),
      kind: 'build',
      method: 'docker-api',
      tool: 'buildkit',
      command: evidence(`${r.call.method} ${r.call.requestUri}`),
    };
    return signalsOutcome(signal);
  },
};
