/**
 * EKS readiness: every cluster (from config, plus any other in the region) sends `audit`
 * control-plane logs to /aws/eks/<cluster>/cluster, kept long enough, subscribed, and recent.
 */
import { EKS_AUDIT_STREAM_PREFIX } from '../../core/envelopes/source-router';
import { type CheckResult, fail, failFromError, guarded, pass, warn } from './check-result';
import type { DoctorContext } from './doctor-context';
import { checkLogGroup } from './log-group-checks';

const eksLogGroup = (cluster: string) => `/aws/eks/${cluster}/cluster`;

function enableAuditFix(ctx: DoctorContext, cluster: string): string {
  return `aws eks update-cluster-config --region ${ctx.region} --name ${cluster} --logging '{"clusterLogging":[{"types":["audit"],"enabled":true}]}'`;
}

async function checkAuditGroup(ctx: DoctorContext, cluster: string, name: string, anyLogging: boolean): Promise<CheckResult[]> {
  const group = (await ctx.reader.logs.findLogGroups(name))[0];
  if (!group) {
    return [fail('eks-audit.log-group', name, `log group ${name} does not exist${anyLogging ? ' (EKS creates it with the first delivery, within minutes of enabling logging)' : ''}`, enableAuditFix(ctx, cluster))];
  }
  return [
    pass('eks-audit.log-group', name, `exists${group.storedBytes !== undefined ? `, ${(group.storedBytes / 1048576).toFixed(1)} MB stored` : ''}`),
    ...(await checkLogGroup(ctx, {
      area: 'eks-audit',
      group,
      streamPrefix: EKS_AUDIT_STREAM_PREFIX,
      silentFix: `${enableAuditFix(ctx, cluster)} (if already on, the API server had no traffic — check the cluster is running)`,
      subscribeFix: `keep "${cluster}" in sources.eksClusters and run \`npx cdk deploy\`: the stack subscribes the detector to ${name}`,
    })),
  ];
}

async function checkCluster(ctx: DoctorContext, cluster: string, inConfig: boolean): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  // A member account's clusters reach the detector through the destination, not sources.eksClusters.
  if (!inConfig && !ctx.crossAccount) {
    out.push(warn('eks.config', cluster, `cluster ${cluster} is not in config sources.eksClusters: the deployed product does not read its audit log`, `add "${cluster}" to sources.eksClusters in the config, then \`npx cdk deploy\``));
  }
  const info = await ctx.reader.eks.describeCluster(cluster);
  if (!info) {
    return [fail('eks.cluster', cluster, `cluster ${cluster} (from config) does not exist in ${ctx.region}`, `remove it from sources.eksClusters, or run doctor with --region <the cluster's region>`)];
  }
  const types = info.enabledLogTypes.length > 0 ? info.enabledLogTypes.join(', ') : 'none';
  if (info.enabledLogTypes.includes('audit')) out.push(pass('eks.audit-logging', cluster, `control-plane log types on: ${types}`));
  else out.push(fail('eks.audit-logging', cluster, `audit logging is off (control-plane log types on: ${types}): builder pods, exec and deploys are invisible`, enableAuditFix(ctx, cluster)));

  const name = eksLogGroup(cluster);
  out.push(...(await guarded('eks-audit.log-group', name, () => checkAuditGroup(ctx, cluster, name, info.enabledLogTypes.length > 0))));
  return out;
}

export async function eksChecks(ctx: DoctorContext): Promise<CheckResult[]> {
  const configured = ctx.config.sources.eksClusters;
  const out: CheckResult[] = [];
  let inRegion: string[] = [];
  try {
    inRegion = await ctx.reader.eks.listClusters();
  } catch (e) {
    out.push(failFromError('eks.clusters', ctx.region, e));
  }
  const all = [...new Set([...configured, ...inRegion])];
  if (all.length === 0 && out.length === 0) {
    return [warn('eks.clusters', ctx.region, `no EKS cluster in ${ctx.region} and none in config: no Kubernetes build or deploy can be seen here`, 'name clusters in sources.eksClusters, or run doctor with --region <where your clusters run>')];
  }
  for (const cluster of all) out.push(...(await guarded('eks.cluster', cluster, () => checkCluster(ctx, cluster, configured.includes(cluster)))));
  return out;
}
