/**
 * ECR event rules: the product reads pushes from EventBridge ("ECR Image Action" PUSH and CloudTrail
 * PutImage) and, when `requireScanBeforeDeploy` is on, scan results ("ECR Image Scan"; Inspector's
 * "Inspector2 Scan" come through the same rule). Stacks are named freely, so rules are recognised by their event pattern (source aws.ecr),
 * preferring those whose name or targets carry the product's marker.
 */
import type { RuleInfo } from '../../adapters/eventbridge-reader';
import { type CheckResult, guarded, pass, warn } from './check-result';
import { type DoctorContext, ownedByProduct } from './doctor-context';

export type EcrEventKind = 'image-action' | 'put-image' | 'image-scan';

type Matcher = string | { prefix?: string } | Record<string, unknown>;

/** Does a pattern value list (strings, `{prefix}` objects) admit `value`? An absent key admits anything. */
function admits(list: unknown, value: string): boolean {
  if (list === undefined) return true;
  if (!Array.isArray(list)) return false;
  return (list as Matcher[]).some((m) => m === value || (typeof m === 'object' && m !== null && typeof (m as { prefix?: unknown }).prefix === 'string' && value.startsWith((m as { prefix: string }).prefix)));
}

/** Which ECR push events a rule's pattern lets through (none when it is not an aws.ecr rule). */
export function ecrEventKinds(eventPattern: string | undefined): EcrEventKind[] {
  if (!eventPattern) return [];
  let p: Record<string, unknown>;
  try {
    p = JSON.parse(eventPattern) as Record<string, unknown>;
  } catch {
    return [];
  }
  if (typeof p !== 'object' || p === null || p.source === undefined || !admits(p.source, 'aws.ecr')) return [];
  const detail = (typeof p.detail === 'object' && p.detail !== null ? p.detail : {}) as Record<string, unknown>;
  const kinds: EcrEventKind[] = [];
  if (admits(p['detail-type'], 'ECR Image Action') && admits(detail['action-type'], 'PUSH') && admits(detail.result, 'SUCCESS')) kinds.push('image-action');
  if (admits(p['detail-type'], 'AWS API Call via CloudTrail') && admits(detail.eventSource, 'ecr.amazonaws.com') && admits(detail.eventName, 'PutImage')) kinds.push('put-image');
  if (admits(p['detail-type'], 'ECR Image Scan')) kinds.push('image-scan');
  return kinds;
}

const LABEL: Record<EcrEventKind, string> = { 'image-action': '"ECR Image Action" PUSH', 'put-image': 'CloudTrail PutImage ("AWS API Call via CloudTrail")', 'image-scan': '"ECR Image Scan" (scan results, requireScanBeforeDeploy)' };

interface RuleView {
  rule: RuleInfo;
  kinds: EcrEventKind[];
  targets: string[];
}

function judge(ctx: DoctorContext, kind: EcrEventKind, views: RuleView[]): CheckResult {
  const id = `ecr-events.${kind}`;
  const subject = 'default event bus';
  const covering = views.filter((v) => v.kinds.includes(kind));
  const ours = covering.filter((v) => ownedByProduct(ctx, v.rule.name, ...v.targets));
  const candidates = ours.length > 0 ? ours : covering;
  const show = (v: RuleView) => `${v.rule.name} (${v.rule.state ?? '?'}, targets: ${v.targets.length > 0 ? v.targets.join(', ') : 'none'})`;
  if (candidates.length === 0) {
    return warn(id, subject, `no rule with source aws.ecr lets ${LABEL[kind]} through: the product is not deployed in ${ctx.region} yet`, `\`npx cdk deploy\` creates the rule; ${kind === 'image-scan' ? 'scan results' : 'pushes'} are then read from EventBridge`);
  }
  const working = candidates.find((v) => v.rule.state === 'ENABLED' && v.targets.length > 0);
  if (working) return pass(id, subject, `${LABEL[kind]} → ${show(working)}${ours.length === 0 ? ` (no rule name or target contains "${ctx.marker}": check it is the product's)` : ''}`);
  const disabled = candidates.find((v) => v.rule.state !== 'ENABLED');
  if (disabled) return warn(id, subject, `rule ${show(disabled)} is not enabled: ${LABEL[kind]} events are dropped`, `aws events enable-rule --region ${ctx.region} --name ${disabled.rule.name}`);
  return warn(id, subject, `rule ${show(candidates[0]!)} has no target: ${LABEL[kind]} events go nowhere`, '`npx cdk deploy` restores the rule target (the ecr-events Lambda)');
}

export async function ecrRuleChecks(ctx: DoctorContext): Promise<CheckResult[]> {
  return guarded('ecr-events.rules', 'default event bus', async () => {
    const rules = await ctx.reader.eventBridge.rules();
    const views: RuleView[] = [];
    for (const rule of rules) {
      const kinds = ecrEventKinds(rule.eventPattern);
      if (kinds.length === 0) continue;
      views.push({ rule, kinds, targets: await ctx.reader.eventBridge.targets(rule.name) });
    }
    // Scan results matter only where deploys must be scanned first.
    return [judge(ctx, 'image-action', views), judge(ctx, 'put-image', views), ...(ctx.config.requireScanBeforeDeploy ? [judge(ctx, 'image-scan', views)] : [])];
  });
}
