/**
 * The configuration every figure runs with: the sample scenario's config (samples/config.json:
 * VPC CIDR, S3 trusted, flow-log group and format, approved CI builders) plus the package mirror
 * CIDR the generated mix sends traffic to and DYNAMODB (the mix's other AWS service; never AMAZON,
 * which covers every EC2 public address). Written to the output folder for the replay child.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Config, parseConfig } from '../lambdas/core/model/config';
import { TRUSTED_MIRROR_CIDR } from './generate/flow-mix';

export const REPO_ROOT = join(__dirname, '..');
export const FLOW_LOG_GROUP = '/vpc/flow/bench';
export const AUDIT_LOG_GROUP = '/aws/eks/prod-cluster/cluster';
export const AUDIT_LOG_STREAM = 'kube-apiserver-audit-5c9f9b8d7e6a4b3c2d1e0f9a8b7c6d5e';

export function benchConfigJson(): Record<string, unknown> {
  const sample = JSON.parse(readFileSync(join(REPO_ROOT, 'samples', 'config.json'), 'utf8')) as Record<string, unknown> & { trustedDestinations: { cidrs: string[]; awsServices: string[] } };
  const { cidrs, awsServices } = sample.trustedDestinations;
  return { ...sample, trustedDestinations: { cidrs: [...cidrs, TRUSTED_MIRROR_CIDR], awsServices: [...new Set([...awsServices, 'DYNAMODB'])] } };
}

export function benchConfig(): Config {
  return parseConfig(benchConfigJson(), 'bench config');
}

/** Writes the config as JSON into `dir`; returns its path. */
export function writeBenchConfig(dir: string): string {
  const file = join(dir, 'bench-config.json');
  writeFileSync(file, `${JSON.stringify(benchConfigJson(), null, 2)}\n`);
  return file;
}
