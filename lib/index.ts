/**
 * The package's entry: the `An1261Detector` construct, the constructs it composes, the ready-made
 * stack, the member-account side of cross-account logs (`MemberAccountLogs`, `An1261MemberStack`),
 * and the config schema they take. CDK code only; nothing here loads a handler or the CLI.
 */
export { An1261Detector, type An1261DetectorProps } from './an1261-detector';
export { An1261Stack, type An1261StackProps } from './an1261-stack';
export { DetectorState, type DetectorStateProps } from './detector-state';
export { FindingsPipeline, type FindingsPipelineProps } from './findings-pipeline';
export { IngestSources, type IngestSourcesProps, type IngestTarget, type WatchedSource } from './ingest-sources';
export { ObjectIntake, type ObjectIntakeProps, OBJECT_READER_TIMEOUT } from './object-intake';
export { CrossAccountLogs, type CrossAccountLogsProps, DEFAULT_LOGS_DESTINATION_NAME } from './cross-account-logs';
export { MemberAccountLogs, type MemberAccountLogsProps, An1261MemberStack, type An1261MemberStackProps } from './member-account-logs';
export { Operations, type OperationsProps, type OperationsBacklogs, BACKLOG_ALARM_MINUTES } from './operations';
export {
  acknowledgeMemberNagFindings,
  acknowledgeNagFindings,
  memberNagAcknowledgementsOf,
  nagAcknowledgementsOf,
  NAG_ACKNOWLEDGEMENTS,
  CONDITIONAL_NAG_ACKNOWLEDGEMENTS,
  type NagAcknowledgement,
  type ConditionalNagAcknowledgement,
} from './nag-acknowledgements';
export { type Config, ConfigError, type ConfigInput, parseConfig } from '../lambdas/core/model/config';
export { ConfigFileError, loadConfigFile, type LoadConfigOptions } from '../lambdas/contract';
