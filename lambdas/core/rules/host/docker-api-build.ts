/** The build signal of a dockerd API call: the same shape for /build, /grpc, /commit and image imports. */
import type { BuildSignal } from '../../model/signal';
import type { DockerdApiRecord } from '../../records/host/host-records';
import type { RuleContext } from '../rule';
import { evidence, hostSignalBase } from './host-signal';

export function dockerApiBuild(rule: string, r: DockerdApiRecord, ctx: RuleContext, tool: string, image: string | undefined): BuildSignal {
  const signal: BuildSignal = {
    ...hostSignalBase(rule, 'dockerd', r, ctx),
    kind: 'build',
    method: 'docker-api',
    tool,
    command: evidence(`${r.call.method} ${r.call.requestUri}`),
  };
  if (image) signal.image = image;
  return signal;
}
