/**
 * docs/publishing.md shows what the sample scenario really produces: the example notification and
 * the ASFF excerpt are generated from `an1261 replay samples/logs` through the publishing code.
 * A change in the output fails this test; `UPDATE_DOCS=1 npx jest test/handlers/publish-docs`
 * rewrites the generated blocks.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../lambdas/core/model/finding';
import { toAsff } from '../../lambdas/core/publish/asff';
import { buildNotification } from '../../lambdas/core/publish/notification';
import { notifyDecision } from '../../lambdas/core/publish/notify-policy';
import { publishInput } from '../../lambdas/adapters/sns-notifier';
import { runCli } from '../cli/run-cli';

const ROOT = join(__dirname, '../..');
const DOC = join(ROOT, 'docs/publishing.md');
const TARGET = { account: '111122223333', region: 'us-east-1' };
const TOPIC = 'arn:aws:sns:us-east-1:111122223333:an1261-findings';

function block(name: string, lang: string, text: string): [RegExp, string] {
  const start = `<!-- generated:${name} (test/handlers/publish-docs.test.ts) -->`;
  const end = `<!-- end:${name} -->`;
  return [new RegExp(`${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\s\\S]*?${end}`), `${start}\n\`\`\`${lang}\n${text.trimEnd()}\n\`\`\`\n${end}`];
}

describe('docs/publishing.md', () => {
  it('shows the notification and the ASFF of the sample scenario as the code produces them', async () => {
    const { code, stdout } = await runCli('replay', join(ROOT, 'samples/logs'), '--config', join(ROOT, 'samples/config.json'), '--format', 'json');
    expect(code).toBe(0);
    const [finding] = JSON.parse(stdout) as Finding[];
    const decision = notifyDecision({ finding: finding! }, 'MEDIUM');
    expect(decision).toEqual({ notify: true, reason: 'new' });
    const n = buildNotification({ finding: finding! }, 'new', TARGET);
    const input = publishInput(TOPIC, n);
    const asff = toAsff(finding!, TARGET);
    const excerpt = {
      ...Object.fromEntries(['SchemaVersion', 'Id', 'ProductArn', 'GeneratorId', 'AwsAccountId', 'Types', 'CreatedAt', 'UpdatedAt', 'Severity', 'Title'].map((k) => [k, asff[k as keyof typeof asff]])),
      Resources: asff.Resources.map((r) => ({ Type: r.Type, Id: r.Id })),
      Workflow: asff.Workflow,
    };

    const blocks = [
      block('sns-subject', 'text', input.Subject!),
      block('sns-attributes', 'json', JSON.stringify(input.MessageAttributes, null, 2)),
      block('sns-message', 'text', input.Message!),
      block('asff-excerpt', 'json', JSON.stringify(excerpt, null, 2)),
    ];
    const doc = readFileSync(DOC, 'utf8');
    const generated = blocks.reduce((text, [re, replacement]) => {
      expect(text).toMatch(re);
      return text.replace(re, () => replacement);
    }, doc);
    if (process.env.UPDATE_DOCS === '1') writeFileSync(DOC, generated);
    expect(doc).toBe(generated);
  });
});
