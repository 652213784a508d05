/**
 * The process-wide hook: clients built anywhere (as the handlers build theirs) get the faults with no
 * change to product code, injecting twice is a no-op, and uninstall puts everything back.
 */
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ATTEMPT_FAULTS_MIDDLEWARE, CALL_FAULTS_MIDDLEWARE, faultPlanOf, injectFaults } from '../../chaos/fault-middleware';
import { FaultPlan } from '../../chaos/fault-plan';
import { baseClientClasses, baseClientOf, installFaultInjector } from '../../chaos/install-fault-injector';
import { LazyTracer } from '../../lambdas/handlers/shared/tracing';
import { fakeHttp, OFFLINE, sqsAcceptAll } from './fake-http';

const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/findings';
const chaosEntries = (client: SQSClient) => client.middlewareStack.identify().filter((e) => e.startsWith('chaos'));

describe('installFaultInjector', () => {
  it('every @aws-sdk client in package.json extends the one base Client it patches', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const clients = Object.keys(pkg.dependencies).filter((d) => d.startsWith('@aws-sdk/client-'));
    expect(clients.length).toBeGreaterThanOrEqual(4);
    const [base] = baseClientClasses();
    expect(baseClientClasses()).toHaveLength(1);
    for (const name of clients) {
      const mod = require(name) as Record<string, unknown>;
      const cls = Object.values(mod).find((v) => typeof v === 'function' && /Client$/.test(v.name) && typeof (v as { prototype?: { send?: unknown } }).prototype?.send === 'function' && v.name !== 'Client') as (abstract new () => unknown) | undefined;
      expect(cls).toBeDefined();
      expect(baseClientOf(cls!)).toBe(base);
    }
  });

  it('a client built after install (through the handlers\' LazyTracer) gets the faults; uninstall removes them', async () => {
    const [base] = baseClientClasses();
    const originalSend = base!.prototype.send;
    const plan = new FaultPlan({ seed: 8, rate: 1, kinds: ['partial-batch'] });
    const uninstall = installFaultInjector(plan);
    const http = fakeHttp(sqsAcceptAll);
    try {
      const client = await new LazyTracer('chaos-test', {}).captureClient(new SQSClient({ ...OFFLINE, requestHandler: http.handler }));
      const out = await client.send(new SendMessageBatchCommand({ QueueUrl: QUEUE, Entries: [{ Id: 'a', MessageBody: 'a' }, { Id: 'b', MessageBody: 'b' }] }));
      expect(out.Failed!.length).toBeGreaterThan(0);
      expect(faultPlanOf(client)).toBe(plan);
      expect(chaosEntries(client)).toHaveLength(2);
      await client.send(new SendMessageBatchCommand({ QueueUrl: QUEUE, Entries: [{ Id: 'a', MessageBody: 'a' }] }));
      expect(chaosEntries(client)).toHaveLength(2); // once per client
      uninstall();
      expect(base!.prototype.send).toBe(originalSend);
      expect(chaosEntries(client)).toEqual([]);
      const clean = await client.send(new SendMessageBatchCommand({ QueueUrl: QUEUE, Entries: [{ Id: 'a', MessageBody: 'a' }, { Id: 'b', MessageBody: 'b' }] }));
      expect(clean.Failed).toEqual([]);
    } finally {
      uninstall();
    }
  });

  it('injectFaults is idempotent for one plan, and another plan replaces the first', () => {
    const client = new SQSClient(OFFLINE);
    const a = new FaultPlan({ seed: 1, rate: 0.1 });
    injectFaults(client, a);
    injectFaults(client, a);
    // per call at initialize; per attempt right after the SDK's retry middleware (inside its loop)
    expect(chaosEntries(client)).toEqual([`${CALL_FAULTS_MIDDLEWARE} - initialize`, `${ATTEMPT_FAULTS_MIDDLEWARE} - after retryMiddleware`]);
    const b = new FaultPlan({ seed: 2, rate: 0.1 });
    injectFaults(client, b);
    expect(faultPlanOf(client)).toBe(b);
    expect(chaosEntries(client)).toHaveLength(2);
  });
});
