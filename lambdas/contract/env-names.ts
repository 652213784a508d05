/**
 * The environment variables the CDK construct sets and the handlers read: one name each, so a
 * rename cannot leave a function reading a variable nobody sets.
 */
export const ENV = {
  /** DynamoDB correlation state (ingest functions). */
  stateTable: 'STATE_TABLE_NAME',
  /** SQS queue the ingest functions send findings to. */
  findingsQueueUrl: 'FINDINGS_QUEUE_URL',
  /** DynamoDB table of the publisher's Powertools idempotency records. */
  idempotencyTable: 'IDEMPOTENCY_TABLE_NAME',
  /** SNS topic of notifications; unset means SNS off (publisher). */
  topicArn: 'TOPIC_ARN',
  /** "true" / "false": import findings into Security Hub (publisher). */
  securityHubEnabled: 'SECURITY_HUB_ENABLED',
  /** Path of the bundled detection config (every function). */
  configFile: 'AN1261_CONFIG_FILE',
  /** Powertools service name: the `service` dimension of every metric (every function). */
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  /** Powertools metrics namespace (every function). */
  metricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];
