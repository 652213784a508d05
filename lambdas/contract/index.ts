/**
 * The contract between the CDK app (lib/) and the Lambdas (lambdas/): environment variable names,
 * metric namespace, service names and metric names, the config file name and its loader. Both
 * sides import these; neither spells a name of its own. Pure constants and one file read: no AWS
 * SDK, no Powertools, nothing from the handlers.
 */
export { ENV, type EnvName } from './env-names';
export {
  INGEST_ENTRIES,
  INGEST_METRICS,
  METRICS_NAMESPACE,
  PUBLISH_METRICS,
  SERVICE_DIMENSION,
  metricsEmittedBy,
  serviceName,
  type HandlerEntry,
  type IngestEntry,
  type IngestMetricName,
  type MetricName,
  type PublishMetricName,
} from './metrics';
export { BUNDLED_CONFIG_PATH, CONFIG_FILE_NAME, ConfigFileError, loadConfigFile, loadConfigFileWithRaw, type LoadConfigOptions } from './config-file';
