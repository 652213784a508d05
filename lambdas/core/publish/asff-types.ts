/**
 * The subset of the AWS Security Finding Format (ASFF, SchemaVersion 2018-10-08) that AN1261
 * findings use, typed here so that the pure core never imports the AWS SDK. Field names and value
 * types follow the Security Hub CSPM API reference (AwsSecurityFinding): numbers are numbers,
 * ProductFields / UserDefinedFields / Other values are strings, Details sit under their type key.
 */
import type { SeverityLabel } from '../model/config';

export type AsffPartition = 'aws' | 'aws-cn' | 'aws-us-gov';

export interface AsffSeverity {
  Label: SeverityLabel;
  /** The provider's own value, 1–64 characters. */
  Original?: string;
}

/** Details.Container (ContainerDetails). */
export interface AsffContainerDetails {
  Name?: string;
  ImageId?: string;
  ImageName?: string;
  LaunchedAt?: string;
  Privileged?: boolean;
  ContainerRuntime?: string;
  VolumeMounts?: Array<{ Name: string; MountPath: string }>;
}

/** Details.AwsEcrContainerImage (AwsEcrContainerImageDetails). */
export interface AsffEcrContainerImageDetails {
  RegistryId?: string;
  RepositoryName?: string;
  Architecture?: string;
  ImageDigest?: string;
  ImageTags?: string[];
  ImagePublishedAt?: string;
}

/** Details.AwsEksCluster (AwsEksClusterDetails, the attributes AN1261 knows). */
export interface AsffEksClusterDetails {
  Name?: string;
  Arn?: string;
}

/** Details.AwsEc2Instance (AwsEc2InstanceDetails, the attributes AN1261 knows). */
export interface AsffEc2InstanceDetails {
  IpV4Addresses?: string[];
  IpV6Addresses?: string[];
}

export interface AsffResourceDetails {
  Container?: AsffContainerDetails;
  AwsEcrContainerImage?: AsffEcrContainerImageDetails;
  AwsEksCluster?: AsffEksClusterDetails;
  AwsEc2Instance?: AsffEc2InstanceDetails;
  /** Up to 50 pairs; key < 128, value < 1,024 characters. */
  Other?: Record<string, string>;
}

export interface AsffResource {
  /** `AwsEc2Instance`, `AwsEksCluster`, `AwsEcrContainerImage`, `Container`, `AwsAccount`, `Other` … */
  Type: string;
  Id: string;
  Partition?: AsffPartition;
  /** 1–16 characters. */
  Region?: string;
  Tags?: Record<string, string>;
  Details?: AsffResourceDetails;
}

/** Retired in the user guide in favour of Action, still accepted by the API and by finding filters. */
export interface AsffNetwork {
  Direction?: 'IN' | 'OUT';
  /** IANA protocol name, at most 16 characters. */
  Protocol?: string;
  SourceIpV4?: string;
  SourceIpV6?: string;
  SourcePort?: number;
  DestinationIpV4?: string;
  DestinationIpV6?: string;
  DestinationPort?: number;
}

export interface AsffNetworkConnectionAction {
  ConnectionDirection?: 'IN' | 'OUT';
  Blocked?: boolean;
  Protocol?: string;
  RemoteIpDetails?: { IpAddressV4?: string };
  RemotePortDetails?: { Port?: number; PortName?: string };
}

export interface AsffAction {
  ActionType: 'NETWORK_CONNECTION';
  NetworkConnectionAction: AsffNetworkConnectionAction;
}

export interface AsffNote {
  /** At most 512 characters. */
  Text: string;
  /** At most 512 characters. */
  UpdatedBy: string;
  UpdatedAt: string;
}

export type AsffWorkflowStatus = 'NEW' | 'NOTIFIED' | 'RESOLVED' | 'SUPPRESSED';

export interface AsffFindingProviderFields {
  Severity: AsffSeverity;
  Types: string[];
}

export interface AsffFinding {
  SchemaVersion: '2018-10-08';
  /** At most 512 characters, unique per ProductArn. */
  Id: string;
  ProductArn: string;
  /** Settable by custom integrations only (Security Hub fills it for the others). */
  ProductName?: string;
  CompanyName?: string;
  GeneratorId: string;
  /** Must be the calling account when ProductArn is the account's default product. */
  AwsAccountId: string;
  Region?: string;
  Types: string[];
  FirstObservedAt?: string;
  LastObservedAt?: string;
  CreatedAt: string;
  UpdatedAt: string;
  Severity: AsffSeverity;
  /** Where providers put Severity and Types (the top-level copies belong to BatchUpdateFindings users). */
  FindingProviderFields: AsffFindingProviderFields;
  /** At most 256 characters. */
  Title: string;
  /** At most 1,024 characters. */
  Description: string;
  Remediation?: { Recommendation: { Text?: string; Url?: string } };
  SourceUrl?: string;
  /** Up to 50 pairs; key ≤ 128, value ≤ 2,048 characters; `aws/` keys are reserved. */
  ProductFields?: Record<string, string>;
  /** Up to 50 pairs; key ≤ 128, value ≤ 1,024 characters. For customers, not providers. */
  UserDefinedFields?: Record<string, string>;
  Network?: AsffNetwork;
  Action?: AsffAction;
  /** 1–32 entries. */
  Resources: AsffResource[];
  Note?: AsffNote;
  Workflow?: { Status: AsffWorkflowStatus };
  RecordState?: 'ACTIVE' | 'ARCHIVED';
}
