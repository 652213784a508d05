/**
 * What a VPC flow log's format must carry for AN1261 and what each field buys, and whether the
 * config reads the format right (a wrong format string shifts every column).
 */
import type { FlowLogInfo } from '../../adapters/ec2-flow-logs-reader';
import type { Config } from '../../core/model/config';
import { globMatch } from '../../core/util/glob';
import { DEFAULT_FLOW_FORMAT, parseFlowFormat } from '../../core/sources/vpc-flow/flow-format';
import { type CheckResult, fail, pass, warn } from './check-result';
import type { DoctorContext } from './doctor-context';

/** The fields the product uses beyond the default format, with what is lost without each. */
export const NEEDED_FLOW_FIELDS: readonly { field: string; why: string }[] = [
  { field: 'instance-id', why: 'ties traffic to the EC2 host that built the image' },
  { field: 'pkt-srcaddr', why: 'the original source behind an ENI, such as a pod, not only the ENI address' },
  { field: 'pkt-dstaddr', why: 'the real destination through NAT and load balancers' },
  { field: 'tcp-flags', why: 'tells new connections from replies by the SYN flag' },
  { field: 'flow-direction', why: 'tells egress from ingress' },
  { field: 'pkt-dst-aws-service', why: 'trusts AWS service destinations such as S3 or ECR by name' },
];

/** A format with every field the product reads (v5), as the bundled sample config uses. */
export const RECOMMENDED_FLOW_FORMAT =
  '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${vpc-id} ${subnet-id} ${instance-id} ${tcp-flags} ${type} ${pkt-srcaddr} ${pkt-dstaddr} ${region} ${az-id} ${pkt-src-aws-service} ${pkt-dst-aws-service} ${flow-direction} ${traffic-path}';

function fieldsOf(format: string): readonly string[] | undefined {
  try {
    return parseFlowFormat(format).fields;
  } catch {
    return undefined;
  }
}

export function missingFlowFields(format: string): string[] {
  const fields = new Set(fieldsOf(format) ?? []);
  return NEEDED_FLOW_FIELDS.filter((n) => !fields.has(n.field)).map((n) => n.field);
}

export function createFlowLogCommand(ctx: DoctorContext, resourceId: string, logGroup: string): string {
  const type = resourceId.startsWith('subnet-') ? 'Subnet' : resourceId.startsWith('eni-') ? 'NetworkInterface' : 'VPC';
  return (
    `aws ec2 create-flow-logs --region ${ctx.region} --resource-type ${type} --resource-ids ${resourceId} --traffic-type ALL --max-aggregation-interval 60 ` +
    `--log-destination-type cloud-watch-logs --log-group-name '${logGroup}' --deliver-logs-permission-arn arn:aws:iam::${ctx.account}:role/<flow-logs-delivery-role> ` +
    `--log-format '${RECOMMENDED_FLOW_FORMAT}'`
  );
}

/** The log group name to suggest for a new flow log: the config's flow-log glob made concrete, else /vpc/flow/<vpc>. */
export function suggestedFlowGroup(config: Config, vpcId: string): string {
  const glob = config.sources.flowLogs.find((f) => /^[^*?]*\*$/.test(f.logGroup))?.logGroup;
  return glob ? `${glob.slice(0, -1)}${vpcId}` : `/vpc/flow/${vpcId}`;
}

export function formatCheck(ctx: DoctorContext, f: FlowLogInfo): CheckResult {
  const subject = `${f.id} (${f.logGroupName ?? f.destination ?? '?'})`;
  const format = f.logFormat ?? DEFAULT_FLOW_FORMAT;
  const missing = missingFlowFields(format);
  if (missing.length === 0) return pass('vpc-flow.format', subject, `format has ${NEEDED_FLOW_FIELDS.map((n) => n.field).join(', ')}`);
  const why = NEEDED_FLOW_FIELDS.filter((n) => missing.includes(n.field)).map((n) => `${n.field} (${n.why})`);
  return warn(
    'vpc-flow.format',
    subject,
    `format lacks ${why.join('; ')}`,
    `a flow log's format cannot be changed: ${createFlowLogCommand(ctx, f.resourceId, f.logGroupName ?? suggestedFlowGroup(ctx.config, f.resourceId))}, then aws ec2 delete-flow-logs --region ${ctx.region} --flow-log-ids ${f.id}, and set the new format in sources.flowLogs`,
  );
}

export function aggregationCheck(ctx: DoctorContext, f: FlowLogInfo): CheckResult {
  const subject = `${f.id} (${f.logGroupName ?? '?'})`;
  const s = f.maxAggregationInterval ?? 600;
  if (s <= 60) return pass('vpc-flow.aggregation', subject, `records aggregated over ${s} s`);
  return warn(
    'vpc-flow.aggregation',
    subject,
    `records aggregated over ${s} s: egress reaches the detector up to ${Math.round(s / 60)} min (+ ~5 min delivery) after it happened`,
    `the interval cannot be changed in place: ${createFlowLogCommand(ctx, f.resourceId, f.logGroupName ?? suggestedFlowGroup(ctx.config, f.resourceId))}, then delete ${f.id}`,
  );
}

/** Does the config route this flow log's group, with the same format? Otherwise columns are misread. */
export function configCheck(ctx: DoctorContext, f: FlowLogInfo): CheckResult {
  const group = f.logGroupName ?? '?';
  const subject = `${f.id} (${group})`;
  const actual = f.logFormat ?? DEFAULT_FLOW_FORMAT;
  const entry = ctx.config.sources.flowLogs.find((e) => globMatch(e.logGroup, group));
  const setFormat = `set "format": ${JSON.stringify(actual)} on the sources.flowLogs entry for ${group}`;
  if (!entry) {
    return warn('vpc-flow.config', subject, `${group} is not matched by any sources.flowLogs glob: the product does not read it`, `add {"logGroup": ${JSON.stringify(group)}, "format": ${JSON.stringify(actual)}} to sources.flowLogs, then \`npx cdk deploy\``);
  }
  const configured = entry.format ?? DEFAULT_FLOW_FORMAT;
  const a = fieldsOf(actual)?.join(' ');
  const c = fieldsOf(configured)?.join(' ');
  if (a === undefined) return fail('vpc-flow.config', subject, `the flow log's format names a field the product does not know: ${actual}`, 'report the format as a bug; meanwhile create the flow log with the recommended format');
  if (a === c) return pass('vpc-flow.config', subject, `config entry ${JSON.stringify(entry.logGroup)} has the flow log's format`);
  return fail(
    'vpc-flow.config',
    subject,
    `config entry ${JSON.stringify(entry.logGroup)} ${entry.format ? 'has a different format' : 'has no format (default v2 assumed)'} than the flow log (${a}): every column after the first difference would be misread`,
    setFormat,
  );
}
