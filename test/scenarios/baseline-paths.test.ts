/**
 * The first-seen baseline is one state, whichever path fills it: ten days of EKS audit (a CI
 * pipeline's kaniko pods every day, then a developer's kaniko pod in another namespace on the last
 * day) give the same findings — ids, severities, modifiers, baseline evidence — through
 * `an1261 replay` of the day files and through the eks-audit Lambda fed each event as CloudWatch
 * Logs delivers it, both on dynalite.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CloudWatchLogsHandler } from 'aws-lambda';
import { ENV } from '../../lambdas/contract';
import type { CwlPayload } from '../../lambdas/core/envelopes/cwl-payload';
import type { Finding } from '../../lambdas/core/model/finding';
import { runCli } from '../cli/run-cli';
import { captureStdout, cwlEvent, cwlPayload, freezeClock, handlerPath, lambdaContext, loadHandler, useIngestEnv } from '../handlers/ingest-support';
import { type AuditEvent, iamUser, serviceAccount } from './formats/eks-audit';
import { binding, podCreate } from './formats/k8s';
import { Rng } from './rng';

const ACCOUNT = '111122223333';
const REGISTRY = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com`;
const START = Date.parse('2026-11-02T00:00:00Z');
const DAY = 86_400_000;
const CONFIG = { internalCidrs: ['10.0.0.0/16'], sources: { eksClusters: ['prod'] }, baseline: { learningDays: 3 } };

function kanikoPod(rng: Rng, user: ReturnType<typeof serviceAccount>, namespace: string, repo: string, at: number): AuditEvent[] {
  const name = `${repo}-build-${rng.suffix()}`;
  const pod = { namespace, name, restartPolicy: 'Never' as const, containers: [{ name: 'kaniko', image: 'gcr.io/kaniko-project/executor:v1.23.2', args: ['--dockerfile=Dockerfile', `--destination=${REGISTRY}/${repo}:1.0.${at % 1000}`] }] };
  return [podCreate(rng, user, pod, at), binding(rng, namespace, name, 'ip-10-0-1-23.ec2.internal', at + 800)];
}

/** One CloudWatch Logs payload of the cluster's audit log per day. */
function days(): CwlPayload[] {
  const rng = new Rng(1261);
  const ci = serviceAccount('tekton-pipelines', 'tekton-pipelines-controller');
  return Array.from({ length: 10 }, (_, d) => {
    const events = [...kanikoPod(rng, ci, 'ci', `app${d}`, START + d * DAY + 10 * 3_600_000)];
    if (d === 9) events.push(...kanikoPod(rng, iamUser(ACCOUNT, 'dev-admin', 'bmartin'), 'payments', 'payments-api', START + d * DAY + 14 * 3_600_000));
    return cwlPayload('/aws/eks/prod/cluster', 'kube-apiserver-audit-0123', events.map((e, i) => ({ id: `${d}${i}`.padStart(20, '0'), timestamp: Date.parse(e.stageTimestamp), message: JSON.stringify(e) })));
  });
}

const essence = (f: Finding) => ({ id: f.id, severity: f.severity, modifiers: f.modifiers, builders: f.severityEvidence.builders, baselineDays: f.severityEvidence.baselineDays });
const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);

describe('The first-seen baseline in replay and in the Lambda path', () => {
  const env = useIngestEnv();
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'an1261-baseline-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify(CONFIG));
    mkdirSync(join(dir, 'logs'));
    days().forEach((p, d) => writeFileSync(join(dir, 'logs', `audit-day-${d}.json`), `${JSON.stringify(p)}\n`));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the same findings, the developer’s first build raised one step and the pipeline recurring', async () => {
    const replay = await runCli('replay', join(dir, 'logs'), '--config', join(dir, 'config.json'), '--format', 'json', '--no-details');
    expect(replay.stderr).not.toMatch(/rejected: [1-9]/);
    expect(replay.code).toBe(0);
    const replayed = (JSON.parse(replay.stdout) as Finding[]).map(essence).sort(byId);

    const captured = captureStdout();
    try {
      const lambdaEnv = await env.freshEnv({ [ENV.configFile]: join(dir, 'config.json') });
      const eks = loadHandler<CloudWatchLogsHandler>(handlerPath('eks-audit'), lambdaEnv);
      const payloads = days();
      const setClock = freezeClock(new Date(START).toISOString());
      // CloudWatch Logs delivers each event within a minute or two of its time.
      for (const e of payloads.flatMap((p) => p.logEvents.map((l) => ({ ...p, logEvents: [l] })))) {
        setClock(new Date(e.logEvents[0]!.timestamp + 90_000).toISOString());
        await eks.handler(cwlEvent(e), lambdaContext('an1261-eks-audit'), () => undefined);
      }
      const latest = new Map<string, Finding>();
      for (const u of eks.sentUpdates()) if ((latest.get(u.finding.id)?.version ?? 0) < u.finding.version) latest.set(u.finding.id, u.finding);
      expect([...latest.values()].map(essence).sort(byId)).toEqual(replayed);
    } finally {
      captured.restore();
      jest.restoreAllMocks();
    }

    expect(replayed).toHaveLength(11);
    const developer = replayed.filter((f) => f.builders?.some((b) => b.subject.startsWith('arn:aws:iam::111122223333:role/dev-admin @ prod/payments')));
    expect(developer).toEqual([expect.objectContaining({ severity: 'MEDIUM', modifiers: [expect.objectContaining({ kind: 'new-builder' })], baselineDays: 9 })]);
    const pipeline = replayed.filter((f) => !developer.includes(f));
    expect(pipeline.map((f) => f.builders?.[0]?.priorDays)).toEqual(expect.arrayContaining([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    // The pipeline's first days are judged while the baseline learns; from day 3 it is recurring.
    expect(pipeline.every((f) => f.severity === 'LOW' && f.modifiers.length === 0)).toBe(true);
  });
});
