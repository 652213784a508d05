/** Read-only EC2 questions for `an1261 doctor`: the VPCs, their subnets, the flow logs on them, and whether anything runs in a VPC. */
import { DescribeNetworkInterfacesCommand, type EC2Client, paginateDescribeFlowLogs, paginateDescribeSubnets, paginateDescribeVpcs } from '@aws-sdk/client-ec2';
import { awsCall, collectPages } from './account-reader-errors';

export interface VpcInfo {
  id: string;
  cidrs: string[];
  name?: string;
  /** The region's default VPC (created by AWS, often never used). */
  isDefault?: boolean;
}

/** A network interface: anything that runs in a VPC (instance, Lambda, load balancer, endpoint …) has one. */
export interface NetworkInterfaceInfo {
  id: string;
  /** `interface`, `lambda`, `vpc_endpoint`, `nat_gateway` … */
  type?: string;
  instanceId?: string;
  description?: string;
}

export interface FlowLogInfo {
  id: string;
  /** The VPC, subnet or ENI the flow log is attached to. */
  resourceId: string;
  /** `cloud-watch-logs`, `s3` or `kinesis-data-firehose`. */
  destinationType: string;
  destination?: string;
  logGroupName?: string;
  trafficType?: string;
  /** The format string; AWS reports the default format in full when none was given. */
  logFormat?: string;
  /** 60 or 600 seconds. */
  maxAggregationInterval?: number;
  deliverLogsStatus?: string;
  deliverLogsError?: string;
  status?: string;
}

export class Ec2FlowLogReader {
  constructor(readonly client: EC2Client) {}

  /** The VPCs named, or every VPC of the region. */
  async vpcs(ids: readonly string[] = []): Promise<VpcInfo[]> {
    const pages = paginateDescribeVpcs({ client: this.client }, ids.length > 0 ? { VpcIds: [...ids] } : {});
    const vpcs = await collectPages('ec2:DescribeVpcs', pages, (p) => p.Vpcs);
    return vpcs
      .filter((v): v is typeof v & { VpcId: string } => typeof v.VpcId === 'string')
      .map((v) => {
        const name = v.Tags?.find((t) => t.Key === 'Name')?.Value;
        const cidrs = (v.CidrBlockAssociationSet ?? []).map((a) => a.CidrBlock).filter((c): c is string => typeof c === 'string');
        return { id: v.VpcId, cidrs: cidrs.length > 0 ? cidrs : v.CidrBlock ? [v.CidrBlock] : [], ...(name ? { name } : {}), ...(v.IsDefault ? { isDefault: true } : {}) };
      });
  }

  /** Subnet id → VPC id for the region (flow logs may sit on subnets instead of the VPC). */
  async subnetVpcs(): Promise<Map<string, string>> {
    const subnets = await collectPages('ec2:DescribeSubnets', paginateDescribeSubnets({ client: this.client }, {}), (p) => p.Subnets);
    return new Map(subnets.filter((s) => s.SubnetId && s.VpcId).map((s) => [s.SubnetId!, s.VpcId!]));
  }

  /**
   * Up to `max` network interfaces of the VPC (one request: the question is whether anything runs
   * there, and which, not how much). Empty: nothing runs in the VPC.
   */
  async networkInterfaces(vpcId: string, max = 5): Promise<NetworkInterfaceInfo[]> {
    const out = await awsCall('ec2:DescribeNetworkInterfaces', () =>
      this.client.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }], MaxResults: Math.max(5, max) })),
    );
    return (out.NetworkInterfaces ?? [])
      .filter((n) => n.NetworkInterfaceId)
      .slice(0, max)
      .map((n) => ({
        id: n.NetworkInterfaceId!,
        ...(n.InterfaceType ? { type: n.InterfaceType } : {}),
        ...(n.Attachment?.InstanceId ? { instanceId: n.Attachment.InstanceId } : {}),
        ...(n.Description ? { description: n.Description } : {}),
      }));
  }

  async flowLogs(): Promise<FlowLogInfo[]> {
    const logs = await collectPages('ec2:DescribeFlowLogs', paginateDescribeFlowLogs({ client: this.client }, {}), (p) => p.FlowLogs);
    return logs
      .filter((f) => f.FlowLogId && f.ResourceId)
      .map((f) => ({
        id: f.FlowLogId!,
        resourceId: f.ResourceId!,
        destinationType: f.LogDestinationType ?? 'cloud-watch-logs',
        ...(f.LogDestination ? { destination: f.LogDestination } : {}),
        ...(f.LogGroupName ? { logGroupName: f.LogGroupName } : {}),
        ...(f.TrafficType ? { trafficType: f.TrafficType } : {}),
        ...(f.LogFormat ? { logFormat: f.LogFormat } : {}),
        ...(f.MaxAggregationInterval !== undefined ? { maxAggregationInterval: f.MaxAggregationInterval } : {}),
        ...(f.DeliverLogsStatus ? { deliverLogsStatus: f.DeliverLogsStatus } : {}),
        ...(f.DeliverLogsErrorMessage ? { deliverLogsError: f.DeliverLogsErrorMessage } : {}),
        ...(f.FlowLogStatus ? { status: f.FlowLogStatus } : {}),
      }));
  }
}
