/**
 * The VPC flow-log rules, one registry per record type: flow records that passed the normalizer's
 * column checks (untrusted egress), and the addresses a batch shows as an instance's own (links).
 */
import type { FlowRecord } from '../../records/vpc-flow/flow-record';
import type { InstanceAddress } from '../../records/vpc-flow/instance-address';
import type { RuleRegistry } from '../rule';
import { instanceIpRule } from './instance-ip.rule';
import { untrustedEgressRule } from './untrusted-egress.rule';

export const FLOW_RULES: RuleRegistry<FlowRecord> = [untrustedEgressRule];
export const INSTANCE_ADDRESS_RULES: RuleRegistry<InstanceAddress> = [instanceIpRule];
