/**
 * VPC flow-log readiness: each VPC (from --vpc, or all) has a flow log delivering to CloudWatch
 * Logs, with the fields, aggregation interval and config entry the product needs, into a log
 * group that is retained, subscribed and recent. A VPC without one FAILs only when something runs
 * in it (it has a network interface): an unused VPC — typically the default VPC every region
 * still has — hides no egress today, so it is a WARN saying so.
 */
import { toAwsCallError } from '../../adapters/account-reader-errors';
import type { FlowLogInfo, NetworkInterfaceInfo, VpcInfo } from '../../adapters/ec2-flow-logs-reader';
import { type CheckResult, fail, guarded, pass, warn } from './check-result';
import type { DoctorContext } from './doctor-context';
import { aggregationCheck, configCheck, createFlowLogCommand, formatCheck, suggestedFlowGroup } from './flow-format-check';
import { checkLogGroup } from './log-group-checks';

function describe(f: FlowLogInfo): string {
  return `${f.id} on ${f.resourceId} → ${f.destinationType}${f.logGroupName ? ` ${f.logGroupName}` : f.destination ? ` ${f.destination}` : ''} (${f.trafficType ?? '?'} traffic, delivery ${f.deliverLogsStatus ?? '?'})`;
}

/** Why a CloudWatch flow log cannot feed the detector, or undefined when it can. */
function unusable(f: FlowLogInfo): string | undefined {
  if (f.trafficType === 'REJECT') return `${f.id} records only REJECTed traffic (egress is ACCEPTed traffic)`;
  if (f.deliverLogsStatus === 'FAILED') return `${f.id} cannot deliver: ${f.deliverLogsError ?? 'DeliverLogsStatus FAILED'}`;
  return undefined;
}

function describeEni(n: NetworkInterfaceInfo): string {
  const what = n.instanceId ? `instance ${n.instanceId}` : n.type && n.type !== 'interface' ? n.type : n.description ? JSON.stringify(n.description.slice(0, 60)) : undefined;
  return what ? `${n.id} (${what})` : n.id;
}

/** What runs in the VPC, as evidence: `in use: eni-… (instance i-…), …`, or why that is unknown. */
type Usage = { inUse: true; evidence: string } | { inUse: false } | { inUse: 'unknown'; evidence: string };

async function vpcUsage(ctx: DoctorContext, vpc: VpcInfo): Promise<Usage> {
  const shown = 3;
  try {
    const enis = await ctx.reader.ec2.networkInterfaces(vpc.id, shown + 1);
    if (enis.length === 0) return { inUse: false };
    const more = enis.length > shown ? ', …' : '';
    return { inUse: true, evidence: `in use: ${enis.slice(0, shown).map(describeEni).join(', ')}${more}` };
  } catch (e) {
    return { inUse: 'unknown', evidence: `whether anything runs in it is unknown: ${toAwsCallError(e, 'ec2:DescribeNetworkInterfaces').message}` };
  }
}

async function coverage(ctx: DoctorContext, vpc: VpcInfo, attached: FlowLogInfo[], usable: FlowLogInfo[]): Promise<CheckResult> {
  const subject = vpc.name ? `${vpc.id} (${vpc.name})` : vpc.id;
  const create = createFlowLogCommand(ctx, vpc.id, suggestedFlowGroup(ctx.config, vpc.id));
  if (usable.length === 0) {
    const seen = attached.length === 0 ? 'no flow log on the VPC or its subnets' : attached.map((f) => unusable(f) ?? describe(f)).join('; ');
    const usage = await vpcUsage(ctx, vpc);
    if (usage.inUse === false) {
      const which = vpc.isDefault ? 'the default VPC' : 'the VPC';
      const remove = vpc.isDefault ? `aws ec2 delete-vpc --region ${ctx.region} --vpc-id ${vpc.id} (after deleting its subnets, internet gateway and security groups)` : `delete it`;
      return warn(
        'vpc-flow.coverage',
        subject,
        `${seen}, but nothing runs in ${which}: it has no network interface (no instance, node, Lambda or endpoint), so no egress is missed today; a host started there later would be invisible`,
        `if ${which} stays unused, ${remove} or run doctor with --vpc <the VPCs your hosts use>; before hosts run there: ${create}`,
      );
    }
    return fail('vpc-flow.coverage', subject, `${seen}: egress from its hosts is invisible (the product reads flow logs from CloudWatch Logs); ${usage.evidence}`, create);
  }
  const vpcLevel = usable.filter((f) => f.resourceId === vpc.id);
  if (vpcLevel.length > 0) return pass('vpc-flow.coverage', subject, vpcLevel.map(describe).join('; '));
  return warn('vpc-flow.coverage', subject, `only subnets are covered (${usable.map(describe).join('; ')}): hosts in other subnets are invisible`, create);
}

async function checkVpc(ctx: DoctorContext, vpc: VpcInfo, flowLogs: FlowLogInfo[], subnets: Map<string, string>, seenGroups: Set<string>): Promise<CheckResult[]> {
  // ENI-level flow logs are not mapped to VPCs (that would need DescribeNetworkInterfaces for every ENI).
  const attached = flowLogs.filter((f) => f.resourceId === vpc.id || subnets.get(f.resourceId) === vpc.id);
  const usable = attached.filter((f) => f.destinationType === 'cloud-watch-logs' && f.logGroupName && !unusable(f));
  const out = [await coverage(ctx, vpc, attached, usable)];
  for (const f of usable) {
    out.push(formatCheck(ctx, f), aggregationCheck(ctx, f), configCheck(ctx, f));
    const name = f.logGroupName!;
    if (seenGroups.has(name)) continue;
    seenGroups.add(name);
    out.push(
      ...(await guarded('vpc-flow.log-group', name, async () => {
        const group = (await ctx.reader.logs.findLogGroups(name))[0];
        if (!group) return [fail('vpc-flow.log-group', name, `flow log ${f.id} delivers to ${name}, which does not exist (yet): nothing has been delivered`, `wait 10–15 minutes after creating the flow log; if it stays missing, check the delivery role of ${f.id}`)];
        return checkLogGroup(ctx, {
          area: 'vpc-flow',
          group,
          silentFix: `check flow log ${f.id} is ACTIVE and its delivery role may write to ${name} (aws ec2 describe-flow-logs --region ${ctx.region} --flow-log-ids ${f.id})`,
          subscribeFix: `make sure a sources.flowLogs glob matches ${name} and run \`npx cdk deploy\`: the stack subscribes the detector to it`,
        });
      })),
    );
  }
  return out;
}

export async function flowLogChecks(ctx: DoctorContext): Promise<CheckResult[]> {
  return guarded('vpc-flow.coverage', ctx.vpcIds.length > 0 ? ctx.vpcIds.join(',') : ctx.region, async () => {
    const vpcs = await ctx.reader.ec2.vpcs(ctx.vpcIds);
    if (vpcs.length === 0) return [warn('vpc-flow.coverage', ctx.region, `no VPC in ${ctx.region}: no egress can be seen here`, 'run doctor with --region <where your hosts run>')];
    const subnets = await ctx.reader.ec2.subnetVpcs();
    const flowLogs = await ctx.reader.ec2.flowLogs();
    const seenGroups = new Set<string>();
    const out: CheckResult[] = [];
    for (const vpc of vpcs) out.push(...(await checkVpc(ctx, vpc, flowLogs, subnets, seenGroups)));
    for (const entry of ctx.config.sources.flowLogs) out.push(...(await guarded('vpc-flow.config', entry.logGroup, () => configEntryCheck(ctx, entry.logGroup))));
    return out;
  });
}

/** A sources.flowLogs glob that matches no log group subscribes the detector to nothing. */
async function configEntryCheck(ctx: DoctorContext, glob: string): Promise<CheckResult[]> {
  const groups = await ctx.reader.logs.findLogGroups(glob);
  if (groups.length > 0) return [];
  return [fail('vpc-flow.config', glob, `config sources.flowLogs names ${JSON.stringify(glob)}, which matches no log group in ${ctx.region}`, 'fix the glob to match the flow logs\' log groups (see the vpc-flow.coverage rows), or run doctor with --region <their region>')];
}
