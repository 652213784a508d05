/**
 * The CloudWatch metrics the handlers emit and the alarms and dashboard watch: namespace, the
 * `service` dimension (one Powertools service name per handler entry) and the metric names of each
 * kind of handler. Alarms are built from these names, and a test checks every alarm of the
 * synthesized template against them, so a renamed metric cannot silently disarm an alarm.
 */

export const METRICS_NAMESPACE = 'AN1261';

/** The dimension Powertools Metrics adds to every metric: the function's service name. */
export const SERVICE_DIMENSION = 'service';

/** The ingest handlers, by entry file name (`lambdas/handlers/<entry>.handler.ts`). */
export const INGEST_ENTRIES = ['eks-audit', 'flow-logs', 'flow-logs-stream', 'host-logs', 'ecr-events', 's3-objects'] as const;
export type IngestEntry = (typeof INGEST_ENTRIES)[number];
export type HandlerEntry = IngestEntry | 'publish';

/** The Powertools service name of a handler: its metrics' `service` dimension and log-group suffix. */
export function serviceName(entry: HandlerEntry): string {
  return `an1261-${entry}`;
}

/** What every ingest invocation emits (lambdas/adapters/ingest-metrics.ts). */
export const INGEST_METRICS = {
  recordsIn: 'RecordsIn',
  signalsEmitted: 'SignalsEmitted',
  recordsRejected: 'RecordsRejected',
  recordsIgnored: 'RecordsIgnored',
  flowSkipData: 'FlowSkipData',
  findingsEmitted: 'FindingsEmitted',
  signalsTooLate: 'SignalsTooLate',
} as const;

/** What the publisher emits (lambdas/handlers/publish.handler.ts). */
export const PUBLISH_METRICS = {
  findingMessagesReceived: 'FindingMessagesReceived',
  findingsPublished: 'FindingsPublished',
  securityHubImported: 'SecurityHubImported',
  notificationsSent: 'NotificationsSent',
  publishFailures: 'PublishFailures',
} as const;

export type IngestMetricName = (typeof INGEST_METRICS)[keyof typeof INGEST_METRICS];
export type PublishMetricName = (typeof PUBLISH_METRICS)[keyof typeof PUBLISH_METRICS];
export type MetricName = IngestMetricName | PublishMetricName;

const INGEST_SERVICES: ReadonlySet<string> = new Set(INGEST_ENTRIES.map(serviceName));

/**
 * The metric names a function of the given service name can emit; none for a service no handler has.
 * @example metricsEmittedBy(serviceName('publish')).includes('PublishFailures') // true
 */
export function metricsEmittedBy(service: string): readonly MetricName[] {
  if (service === serviceName('publish')) return Object.values(PUBLISH_METRICS);
  if (INGEST_SERVICES.has(service)) return Object.values(INGEST_METRICS);
  return [];
}
