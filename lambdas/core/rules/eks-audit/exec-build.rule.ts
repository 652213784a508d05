/**
 * exec-build: `kubectl exec` into a pod running a build (docker/nerdctl/podman build, buildx,
 * buildah bud, buildctl build, /kaniko/executor, img build). The command is read from the
 * requestURI query (repeated `command=` keys); older clients exec with verb create, websocket
 * clients with verb get (ResponseStarted, 101).
 */
import type { Signal } from '../../model/signal';
import type { AuditRecord } from '../../sources/eks-audit/audit-record';
import { podHost } from '../../sources/eks-audit/node-host';
import { queryValues } from '../../sources/eks-audit/request-uri';
import type { Rule } from '../rule';
import { detectBuildCommand } from './build-command';
import { commonFields } from './signal-parts';

const ID = 'exec-build';
const MAX_COMMAND = 1024;

export const execBuildRule: Rule<AuditRecord> = {
  id: ID,
  source: 'eks-audit',
  title: 'kubectl exec runs an image build inside a pod',
  description:
    'Building an image by hand inside a running pod (through the node runtime socket, a dind sidecar or a rootless builder) skips every pipeline control (T1612). The -t/--tag/--destination value names the image for the push and deploy that may follow.',
  evaluate(rec, ctx): Signal[] {
    if (rec.resource !== 'pods' || rec.subresource !== 'exec' || (rec.verb !== 'create' && rec.verb !== 'get')) return [];
    const argv = queryValues(rec.requestUri, 'command');
    const build = argv.length > 0 ? detectBuildCommand(argv, false) : undefined;
    if (!build) return [];
    const host = podHost(rec.namespace, rec.name, undefined);
    return [
      {
        kind: 'build',
        ...commonFields(ID, rec, ctx),
        method: 'exec-build',
        ...(host ? { host } : {}),
        ...(build.destination ? { image: build.destination } : {}),
        tool: build.tool,
        command: argv.join(' ').slice(0, MAX_COMMAND),
        namespace: rec.namespace,
        ...(rec.name ? { workload: rec.name } : {}),
      },
    ];
  },
};
