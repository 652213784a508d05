/**
 * The package's entry: the `An1261Detector` construct, the constructs it composes, the ready-made
 * stack, and the config schema they take. CDK code only; nothing here loads a handler or the CLI.
 */
export { An1261Detector, type An1261DetectorProps } from './an1261-detector';
export { An1261Stack, type An1261StackProps } from './an1261-stack';
export { DetectorState, type DetectorStateProps } from './detector-state';
export { FindingsPipeline, type FindingsPipelineProps } from './findings-pipeline';
export { IngestSources, type IngestSourcesProps, type IngestTarget, type WatchedSource } from './ingest-sources';
export { Operations, type OperationsProps } from './operations';
export { acknowledgeNagFindings, NAG_ACKNOWLEDGEMENTS, type NagAcknowledgement } from './nag-acknowledgements';
export { type Config, ConfigError, type ConfigInput, parseConfig } from '../lambdas/core/model/config';
export { ConfigFileError, loadConfigFile, type LoadConfigOptions } from '../lambdas/contract';
