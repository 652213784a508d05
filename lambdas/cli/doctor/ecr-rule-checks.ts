/**
 * The EventBridge rules of the ecr-events Lambda: the product reads pushes from EventBridge ("ECR
 * Image Action" PUSH and CloudTrail PutImage), launched instances' private IPs from CloudTrail EC2
 * RunInstances (entity resolution for approvedBuilders.hosts) and, when `requireScanBeforeDeploy` is
 * on, scan results ("ECR Image Scan"; Inspector's "Inspector2 Scan" come through the same rule).
 * Stacks are named freely, so rules are recognised by their event pattern (source aws.ecr or
 * aws.ec2), preferring those whose name or targets carry the product's marker.
 */
import type { RuleInfo } from '../../adapters/eventbridge-reader';
import { type CheckResult, guarded, pass, warn } from './check-result';
import { type DoctorContext, ownedByProduct } from './doctor-context';

export type RuleEventKind = 'image-action' | 'put-image' | 'run-instances' | 'image-scan';

type Matcher = string | { prefix?: string } | Record<string, unknown>;

/** Does a pattern value list (strings, `{prefix}` objects) admit `value`? An absent key admits anything. */
function admits(list: unknown, value: string): boolean {
  if (list === undefined) return true;
  if (!Array.isArray(list)) return false;
  return (list as Matcher[]).some((m) => m === value || (typeof m === 'object' && m !== null && typeof (m as { prefix?: unknown }).prefix === 'string' && value.startsWith((m as { prefix: string }).prefix)));
}

/** Does a pattern value list admit an event without that field (a successful call has no `errorCode`)? */
function admitsAbsent(list: unknown): boolean {
  if (list === undefined) return true;
  return Array.isArray(list) && (list as Matcher[]).some((m) => typeof m === 'object' && m !== null && (m as { exists?: unknown }).exists === false);
}

/** Which of the ecr-events Lambda's events a rule's pattern lets through (none when it is neither an aws.ecr nor an aws.ec2 rule). */
export function ruleEventKinds(eventPattern: string | undefined): RuleEventKind[] {
  if (!eventPattern) return [];
  let p: Record<string, unknown>;
  try {
    p = JSON.parse(eventPattern) as Record<string, unknown>;
  } catch {
    return [];
  }
  if (typeof p !== 'object' || p === null || p.source === undefined) return [];
  const detail = (typeof p.detail === 'object' && p.detail !== null ? p.detail : {}) as Record<string, unknown>;
  const apiCall = (service: string, eventName: string) =>
    admits(p['detail-type'], 'AWS API Call via CloudTrail') && admits(detail.eventSource, service) && admits(detail.eventName, eventName) && admitsAbsent(detail.errorCode);
  const kinds: RuleEventKind[] = [];
  if (admits(p.source, 'aws.ecr')) {
    if (admits(p['detail-type'], 'ECR Image Action') && admits(detail['action-type'], 'PUSH') && admits(detail.result, 'SUCCESS')) kinds.push('image-action');
    if (apiCall('ecr.amazonaws.com', 'PutImage')) kinds.push('put-image');
  }
  if (admits(p.source, 'aws.ec2') && apiCall('ec2.amazonaws.com', 'RunInstances')) kinds.push('run-instances');
  if (admits(p.source, 'aws.ecr') && admits(p['detail-type'], 'ECR Image Scan')) kinds.push('image-scan');
  return kinds;
}

interface KindText {
  label: string;
  source: string;
  /** What is lost while no rule delivers the events. */
  missing: string;
  /** What `cdk deploy` brings. */
  deployed: string;
}

const TEXT: Record<RuleEventKind, KindText> = {
  'image-action': { label: '"ECR Image Action" PUSH', source: 'aws.ecr', missing: 'the product is not deployed in REGION yet', deployed: 'pushes are then read from EventBridge' },
  'put-image': { label: 'CloudTrail PutImage ("AWS API Call via CloudTrail")', source: 'aws.ecr', missing: 'the product is not deployed in REGION yet', deployed: 'pushes are then read from EventBridge' },
  'run-instances': {
    label: 'CloudTrail RunInstances ("AWS API Call via CloudTrail")',
    source: 'aws.ec2',
    missing:
      'launched instances’ private IPs are learnt only from their flow logs, minutes after launch, so a CI runner named by instance id can be judged against approvedBuilders.hosts before its IP is known (the product is not deployed in REGION, or its stack predates the RunInstances rule)',
    deployed: 'each launched instance’s private IPs are then read from EventBridge at launch',
  },
  'image-scan': { label: '"ECR Image Scan" (scan results, requireScanBeforeDeploy)', source: 'aws.ecr', missing: 'the product is not deployed in REGION yet', deployed: 'scan results are then read from EventBridge' },
};

interface RuleView {
  rule: RuleInfo;
  kinds: RuleEventKind[];
  targets: string[];
}

function judge(ctx: DoctorContext, kind: RuleEventKind, views: RuleView[]): CheckResult {
  const id = `ecr-events.${kind}`;
  const subject = 'default event bus';
  const text = TEXT[kind];
  const covering = views.filter((v) => v.kinds.includes(kind));
  const ours = covering.filter((v) => ownedByProduct(ctx, v.rule.name, ...v.targets));
  const candidates = ours.length > 0 ? ours : covering;
  const show = (v: RuleView) => `${v.rule.name} (${v.rule.state ?? '?'}, targets: ${v.targets.length > 0 ? v.targets.join(', ') : 'none'})`;
  if (candidates.length === 0) {
    return warn(id, subject, `no rule with source ${text.source} lets ${text.label} through: ${text.missing.replace('REGION', ctx.region)}`, `\`npx cdk deploy\` creates the rule; ${text.deployed}`);
  }
  const working = candidates.find((v) => v.rule.state === 'ENABLED' && v.targets.length > 0);
  if (working) return pass(id, subject, `${text.label} → ${show(working)}${ours.length === 0 ? ` (no rule name or target contains "${ctx.marker}": check it is the product's)` : ''}`);
  const disabled = candidates.find((v) => v.rule.state !== 'ENABLED');
  if (disabled) return warn(id, subject, `rule ${show(disabled)} is not enabled: ${text.label} events are dropped`, `aws events enable-rule --region ${ctx.region} --name ${disabled.rule.name}`);
  return warn(id, subject, `rule ${show(candidates[0]!)} has no target: ${text.label} events go nowhere`, '`npx cdk deploy` restores the rule target (the ecr-events Lambda)');
}

export async function ecrRuleChecks(ctx: DoctorContext): Promise<CheckResult[]> {
  return guarded('ecr-events.rules', 'default event bus', async () => {
    const rules = await ctx.reader.eventBridge.rules();
    const views: RuleView[] = [];
    for (const rule of rules) {
      const kinds = ruleEventKinds(rule.eventPattern);
      if (kinds.length === 0) continue;
      views.push({ rule, kinds, targets: await ctx.reader.eventBridge.targets(rule.name) });
    }
    // RunInstances only resolves hosts (flow logs do it too, later): its row is a WARN at worst, as all of these.
    // Scan results matter only where deploys must be scanned first.
    return [judge(ctx, 'image-action', views), judge(ctx, 'put-image', views), judge(ctx, 'run-instances', views), ...(ctx.config.requireScanBeforeDeploy ? [judge(ctx, 'image-scan', views)] : [])];
  });
}
