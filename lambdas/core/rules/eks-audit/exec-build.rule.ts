/**
 * exec-build: `kubectl exec` into a pod running a build (docker/nerdctl/podman build, buildx
 * build|bake, compose build, buildah bud, buildctl build, /kaniko/executor, img build, pack build,
 * the Buildpacks lifecycle creator/exporter, ko build|resolve|apply, Jib from mvn/gradle or its
 * CLI, skaffold build|run|dev, also behind `sh -c`, `env`, `nice`, `sudo` … or inside
 * `docker run IMAGE docker build …`). The command is
 * read from the requestURI query (repeated `command=` keys); older clients exec with verb create,
 * websocket clients with verb get (ResponseStarted, 101).
 *
 * The build is an interval: it starts when the exec request is received (`requestReceivedTimestamp`)
 * and, on the ResponseComplete stage, ends when the session closed. Both stages share one signal id.
 */
import type { BuildSignal } from '../../model/signal';
import type { AuditRecord } from '../../records/eks-audit/audit-record';
import { parseAuditTime } from '../../records/eks-audit/event-time';
import { podHost } from '../../records/eks-audit/node-host';
import { queryValues } from '../../records/eks-audit/request-uri';
import { firstBuild } from '../commands/recognize-command';
import { NO_SIGNAL, type Rule, type RuleOutcome, signalsOutcome } from '../rule';
import { commonFields } from './signal-parts';

const ID = 'exec-build';
const MAX_COMMAND = 1024;

/** Sessions longer than this are not believed: the start falls back to the event's own time. */
const MAX_SESSION_MS = 24 * 3_600_000;

/** Start of the exec session: when the request was received, never after the event's own time nor a day before it. */
function sessionStartMs(rec: AuditRecord): number {
  const received = parseAuditTime(rec.event['requestReceivedTimestamp']);
  return received !== undefined && received <= rec.timeMs && rec.timeMs - received <= MAX_SESSION_MS ? received : rec.timeMs;
}

export const execBuildRule: Rule<AuditRecord> = {
  id: ID,
  source: 'eks-audit',
  title: 'kubectl exec runs an image build inside a pod',
  description:
    'Building an image by hand inside a running pod (through the node runtime socket, a dind sidecar, a rootless or daemonless builder: kaniko, buildah, BuildKit, Buildpacks, ko, Jib, skaffold) skips every pipeline control (T1612). The -t/--tag/--destination value (pack and lifecycle image argument, Jib -Dimage/--image) names the image for the push and deploy that may follow.',
  evaluate(rec, ctx): RuleOutcome {
    if (rec.resource !== 'pods' || rec.subresource !== 'exec' || (rec.verb !== 'create' && rec.verb !== 'get')) return NO_SIGNAL;
    const argv = queryValues(rec.requestUri, 'command');
    const build = argv.length > 0 ? firstBuild(argv) : undefined;
    if (!build) return NO_SIGNAL;
    const host = podHost(rec.namespace, rec.name, undefined);
    const startMs = sessionStartMs(rec);
    const signal: BuildSignal = {
      kind: 'build',
      ...commonFields(ID, rec, ctx),
      time: new Date(startMs).toISOString(),
      method: 'exec-build',
      ...(host ? { host } : {}),
      ...(build.image ? { image: build.image } : {}),
      tool: build.tool,
      command: argv.join(' ').slice(0, MAX_COMMAND),
      namespace: rec.namespace,
      ...(rec.name ? { workload: rec.name } : {}),
    };
    if (rec.stage === 'ResponseComplete' && rec.timeMs > startMs) signal.endTime = rec.time;
    if (build.noPush !== undefined) signal.noPush = build.noPush;
    return signalsOutcome(signal);
  },
};
