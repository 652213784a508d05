/**
 * Many accounts (issue "Organisation scale"): correlation never joins hosts of different accounts —
 * private addresses, node and cluster names repeat across accounts — but an image is one image
 * wherever it is pushed and deployed, so a member's build pushed to the central registry and
 * deployed in another account is one chain. Each account's overrides judge its own activity.
 */
import type { BuildSignal, LinkSignal, PushSignal } from '../../../lambdas/core/model/signal';
import { HOST_IP, INSTANCE, T0, at, build, deploy, egress, push } from '../../support/chain-signals';
import { runBatches } from '../../support/correlate-run';
import { useEmbeddedStore } from '../../support/embedded-store';

const db = useEmbeddedStore();
const run = async (batches: Parameters<typeof runBatches>[1], config: unknown) => runBatches(await db.fresh(), batches, config, T0);

const A = '222233334444';
const B = '555566667777';
const CENTRAL = '111122223333';
const MEMBERS = { accounts: { members: [{ id: A }, { id: B }] } };

/** A dockerd build on 10.0.1.23 of account A (the host named only by its address). */
const buildInA = (o: Partial<BuildSignal> = {}): BuildSignal => build({ account: A, host: { ip: HOST_IP, hostname: 'ip-10-0-1-23.ec2.internal' }, ...o });

describe('Hosts of different accounts never meet', () => {
  it('does not credit account B’s egress from 10.0.1.23 to account A’s build on its own 10.0.1.23', async () => {
    const batches = [[buildInA()], [egress({ account: B, host: { ip: HOST_IP }, time: at(30), firstSeen: at(30), lastSeen: at(60) })]];
    const { findings } = await run(batches, MEMBERS);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ account: A, stages: ['build'], severity: 'LOW', egress: [] });

    // The same signals read as one account (no members configured) do join: the scope is what separates them.
    const single = await run(batches, {});
    expect(single.findings[0]).toMatchObject({ stages: ['build', 'egress'], severity: 'MEDIUM' });
  });

  it('joins egress of the same account to the build (the ordinary chain still works), naming the account', async () => {
    const named = { accounts: { members: [{ id: A, name: 'payments-prod' }, { id: B }] } };
    const { findings } = await run([[buildInA()], [egress({ account: A, host: { ip: HOST_IP }, time: at(30), firstSeen: at(30), lastSeen: at(60) })]], named);
    expect(findings[0]).toMatchObject({ account: A, accountName: 'payments-prod', stages: ['build', 'egress'], severity: 'MEDIUM' });
  });

  it('keeps the pod ↔ IP links of one account’s cluster away from a same-named cluster of another', async () => {
    const pod = { namespace: 'tools', name: 'debug-0' };
    const link = (account: string, podIp: string): LinkSignal => ({ kind: 'link', id: `l-${account}`, rule: 'pod-status', time: at(-600), source: 'eks-audit', ref: `audit:${account}`, account, cluster: 'prod', link: 'pod-ip', pod, podIp }) as LinkSignal;
    const exec = build({ id: 'b-exec', account: A, source: 'eks-audit', rule: 'exec-build', method: 'exec-build', cluster: 'prod', host: { pod }, image: undefined, namespace: 'tools' });
    const bEgress = egress({ id: 'e-b', account: B, srcIp: '10.9.9.9', host: { ip: '10.9.9.9' }, time: at(30), firstSeen: at(30), lastSeen: at(60) });
    const { findings } = await run([[link(B, '10.9.9.9')], [exec], [bEgress]], MEMBERS);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ account: A, stages: ['build'], egress: [] });
    expect(findings[0]!.hosts.ips).not.toContain('10.9.9.9');
  });

  it('names two chains with the same host and day in two accounts differently', async () => {
    const noImage = { image: undefined } as Partial<BuildSignal>;
    const { findings } = await run([[buildInA(noImage)], [buildInA({ ...noImage, id: 'b-2', account: B })]], MEMBERS);
    expect(findings.map((f) => f.account).sort()).toEqual([A, B]);
    expect(new Set(findings.map((f) => f.id)).size).toBe(2);
  });

  it('does not take an approved pipeline’s push from the same address in another account as the build host’s push', async () => {
    const ciRole = `arn:aws:iam::${B}:role/ci-build-release`;
    const config = { ...MEMBERS, approvedBuilders: { principals: ['arn:aws:iam::*:role/ci-build-*'] } };
    const batches = [[buildInA()], [push({ account: B, actor: { arn: ciRole, sessionName: 'release-42' }, host: { ip: HOST_IP } })]];
    const { findings } = await run(batches, config);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ account: A, stages: ['build'] });
    // One account read: the push came from the build's host, so the tag join is the same pipeline's.
    const single = await run(batches, { approvedBuilders: config.approvedBuilders });
    expect(single.findings[0]!.stages).toEqual(['build', 'push']);
  });
});

describe('An image crosses accounts', () => {
  it('joins a member’s build, its instance-role push to the central registry and a deploy in another account into one chain', async () => {
    const image = `${CENTRAL}.dkr.ecr.us-east-1.amazonaws.com/payments-api:v2.3.1-hotfix`;
    const central: Partial<PushSignal> = {
      account: CENTRAL, // the registry's account (the CloudTrail event's recipient)
      actor: { arn: `arn:aws:iam::${A}:role/eks-node-role`, sessionArn: `arn:aws:sts::${A}:assumed-role/eks-node-role/${INSTANCE}`, sessionName: INSTANCE },
      registry: `${CENTRAL}.dkr.ecr.us-east-1.amazonaws.com`,
      image: `${image}@sha256:${'4f'.repeat(32)}`,
    };
    const { findings } = await run(
      [
        [build({ account: A, image })],
        [egress({ account: A, time: at(30), firstSeen: at(30), lastSeen: at(60) })],
        [push(central)],
        [deploy({ account: B, cluster: 'prod', images: [image] })],
      ],
      MEMBERS,
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ account: A, stages: ['build', 'egress', 'push', 'deploy'], severity: 'CRITICAL' });
  });
});

describe('Per-account overrides', () => {
  const config = {
    ...MEMBERS,
    approvedBuilders: { hosts: ['10.0.200.0/24'] },
    accounts: { members: [{ id: A }, { id: B, overrides: { approvedBuilders: { hosts: ['10.0.1.0/24'] } } }] },
  };

  it('approves a build on a host account B lists, and not the same address in account A', async () => {
    const { findings } = await run([[buildInA({ id: 'b-a' })], [buildInA({ id: 'b-b', account: B })]], config);
    expect(findings.map((f) => f.account)).toEqual([A]);
  });

  it('judges registries of account B’s pushes by B’s registryAllowList', async () => {
    const image = `${CENTRAL}.dkr.ecr.us-east-1.amazonaws.com/payments-api:v2.3.1-hotfix`;
    const withLists = {
      registryAllowList: [`${CENTRAL}.dkr.ecr.us-east-1.amazonaws.com/*`],
      accounts: { members: [{ id: A }, { id: B, overrides: { registryAllowList: ['999999999999.dkr.ecr.us-east-1.amazonaws.com/*'] } }] },
    };
    const chain = (account: string) => [
      [build({ id: `b-${account}`, account, host: { ip: HOST_IP }, image })],
      [push({ id: `p-${account}`, account, registry: `${CENTRAL}.dkr.ecr.us-east-1.amazonaws.com`, image, actor: { arn: `arn:aws:iam::${account}:role/eks-node-role`, sessionName: INSTANCE }, host: { ip: HOST_IP } })],
    ];
    const inA = await run(chain(A), withLists);
    const inB = await run(chain(B), withLists);
    expect(inA.findings[0]!.modifiers.map((m) => m.kind)).not.toContain('registry');
    expect(inB.findings[0]!.modifiers.map((m) => m.kind)).toContain('registry');
  });
});
