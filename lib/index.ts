/** The package's public entry: the CDK construct, its props, and the config parser. */
export { An1261Detector, type An1261DetectorProps } from './an1261-detector';
export { An1261Stack } from './an1261-stack';
export { parseConfig, type Config } from '../lambdas/core/model/config';
