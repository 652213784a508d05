/** Read-only EKS questions for `an1261 doctor`: which clusters exist and which control-plane logs they send. */
import { DescribeClusterCommand, type EKSClient, paginateListClusters } from '@aws-sdk/client-eks';
import { AwsCallError, awsCall, collectPages } from './account-reader-errors';

export interface ClusterLogging {
  name: string;
  arn?: string;
  status?: string;
  version?: string;
  /** Control-plane log types switched on (api, audit, authenticator, controllerManager, scheduler). */
  enabledLogTypes: string[];
}

export class EksReader {
  constructor(readonly client: EKSClient) {}

  async listClusters(): Promise<string[]> {
    const names = await collectPages('eks:ListClusters', paginateListClusters({ client: this.client }, {}), (p) => p.clusters);
    return [...names].sort();
  }

  /** The cluster's logging setup, or undefined when no cluster has that name in the region. */
  async describeCluster(name: string): Promise<ClusterLogging | undefined> {
    let out;
    try {
      out = await awsCall('eks:DescribeCluster', () => this.client.send(new DescribeClusterCommand({ name })));
    } catch (e) {
      if (e instanceof AwsCallError && e.failure === 'not-found') return undefined;
      throw e;
    }
    const c = out.cluster;
    if (!c) return undefined;
    const enabled = new Set<string>();
    for (const setup of c.logging?.clusterLogging ?? []) if (setup.enabled) for (const t of setup.types ?? []) enabled.add(t);
    return {
      name: c.name ?? name,
      ...(c.arn ? { arn: c.arn } : {}),
      ...(c.status ? { status: c.status } : {}),
      ...(c.version ? { version: c.version } : {}),
      enabledLogTypes: [...enabled].sort(),
    };
  }
}
