/** The trigger simulators: each drives a handler with one AWS trigger's delivery semantics on a simulated clock. */
export { AsyncInvokeQueue, type AsyncInvocationRecord } from './async-invoke';
export { CloudWatchLogsAsyncSimulator, awslogsEvent, type CloudWatchLogsAsyncOptions } from './cloudwatch-logs-async';
export { EventBridgeTargetSimulator, type AnyEventBridgeEvent, type EventBridgeDlqMessage, type EventBridgeTarget, type EventBridgeTargetOptions } from './eventbridge-target';
export { type Handler, type Outcome, invoke, simContext } from './invoke';
export { KinesisEsmSimulator, kinesisData, type KinesisEsmOptions, type KinesisOnFailureRecord } from './kinesis-esm';
export { DEFAULT_PERTURBATIONS, NO_PERTURBATIONS, Perturber, type Perturbations } from './perturbations';
export { type DeadLetter, type InvocationRecord, Recorder, type SimSummary } from './report';
export * from './settings';
export { SqsEsmSimulator, type SqsEsmOptions, type SqsMessage, type SqsMessageInput } from './sqs-esm';
export { HOUR, MINUTE, SECOND, SimClock } from '../clock';
export { Rng } from '../rng';
