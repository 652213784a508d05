/** VPC flow logs: the normalizer and what callers need around it (format validation, header detection, destination trust). */
export { normalizeVpcFlow } from './normalize-vpc-flow';
export { FLOW_PARSE } from './flow-reasons';
export { FLOW_IGNORE } from '../../rules/vpc-flow/untrusted-egress.rule';
export { parseFlowFormat, isFlowHeaderLine, DEFAULT_FLOW_FORMAT, FLOW_FIELD_VERSIONS, type FlowFormat, type FlowFieldName } from './flow-format';
export { classifyDestination, classifyAddress, isTrustedService, type DestinationClass, type AddressClass } from './classify-destination';
export type { FlowRecord } from '../../records/vpc-flow/flow-record';
