/** The fuzzed sources: seeds, grammar, mutation style and how their cases are delivered. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Delivery } from './deliver';
import { cwlEventText, mutateCwl } from './grammars/cwl';
import { eksAuditDocument } from './grammars/eks-audit';
import { cloudTrailDocument, ecrEventDocument } from './grammars/ecr';
import { auditdText, dockerdText } from './grammars/host';
import { flowLogText } from './grammars/vpc-flow';
import { mutateJson } from './mutate';
import type { Rng } from './rng';

export interface FuzzSource {
  name: string;
  /** JSON inputs get structural mutations; line inputs token/line mutations. */
  style: 'json' | 'lines';
  grammar(rng: Rng): string;
  /** Structural mutation of a parsed input (cwl reaches inside encoded payloads). */
  mutateValue?(value: unknown, rng: Rng): unknown;
  delivery(rng: Rng): Delivery;
}

const file = (logGroup?: string, logStream?: string): Delivery => ({ mode: 'file', ...(logGroup ? { logGroup } : {}), ...(logStream ? { logStream } : {}) });
const cwl = (rng: Rng, logGroup: string, logStream: string): Delivery => ({ mode: rng.pick(['cwl', 'awslogs', 'kinesis'] as const), logGroup, logStream });

export const SOURCES: readonly FuzzSource[] = [
  {
    name: 'cwl', style: 'json', grammar: cwlEventText, mutateValue: mutateCwl,
    delivery: () => ({ mode: 'event' }),
  },
  {
    name: 'eks-audit', style: 'json', grammar: eksAuditDocument,
    delivery: (rng) => rng.pick([file(), file('/aws/eks/prod-cluster/cluster'), cwl(rng, '/aws/eks/prod-cluster/cluster', 'kube-apiserver-audit-0a1b'), cwl(rng, '/fuzz/unrouted', 'x')]),
  },
  {
    name: 'vpc-flow', style: 'lines', grammar: flowLogText,
    delivery: (rng) => rng.pick([file(), file(), file('/vpc/flow/prod'), cwl(rng, '/vpc/flow/prod', 'eni-0123-all'), cwl(rng, '/fuzz/unrouted', 'eni-0123-all')]),
  },
  {
    name: 'cloudtrail', style: 'json', grammar: cloudTrailDocument,
    delivery: (rng) => rng.pick([file(), file(), cwl(rng, '/aws/cloudtrail/trail', '111122223333_CloudTrail_us-east-1')]),
  },
  {
    name: 'ecr-event', style: 'json', grammar: ecrEventDocument,
    delivery: (rng) => rng.pick([file(), file(), { mode: 'event' } as Delivery, cwl(rng, '/aws/events/ecr', 'x')]),
  },
  {
    name: 'dockerd', style: 'lines', grammar: dockerdText,
    delivery: (rng) => rng.pick([file(), file('/ec2/docker-ci', 'i-0123456789abcdef0'), cwl(rng, '/ec2/docker-ci', 'i-0123456789abcdef0'), cwl(rng, '/fuzz/unrouted', 'ci-runner')]),
  },
  {
    name: 'auditd', style: 'lines', grammar: auditdText,
    delivery: (rng) => rng.pick([file(), file('/ec2/docker-ci', 'i-0123456789abcdef0'), cwl(rng, '/ec2/docker-ci', 'i-0123456789abcdef0'), cwl(rng, '/fuzz/unrouted', 'ci-runner')]),
  },
];

export function loadSeeds(name: string): Buffer[] {
  const dir = join(__dirname, 'seeds', name);
  return readdirSync(dir).sort().map((f) => readFileSync(join(dir, f)));
}

export const defaultMutateValue = mutateJson;
