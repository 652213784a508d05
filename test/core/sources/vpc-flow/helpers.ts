/** Shared helpers of the VPC flow-log tests: run lines through the normalizer with a config. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceRecord } from '../../../../lambdas/core/model/batch';
import { parseConfig } from '../../../../lambdas/core/model/config';
import { Tally } from '../../../../lambdas/core/model/normalize-result';
import { compileSettings, type DetectionSettings } from '../../../../lambdas/core/model/settings';
import type { EgressSignal, InstanceLinkSignal } from '../../../../lambdas/core/model/signal';
import { normalizeVpcFlow } from '../../../../lambdas/core/sources/vpc-flow';
import { corpusPath } from '../../../support/corpus';

export const CORPUS_DIR = corpusPath('vpcflow');
export const FIXTURES_DIR = join(__dirname, 'fixtures');

export function settingsWith(config: unknown = {}): DetectionSettings {
  return compileSettings(parseConfig(config));
}

export interface RunOptions {
  flowFormat?: string;
  region?: string;
  account?: string;
  config?: unknown;
  settings?: DetectionSettings;
  /** Envelope timestamp (epoch ms) given to every record. */
  timestamp?: number;
  refPrefix?: string;
}

/** Records with refs `<prefix>:<line number>`, as the CLI names file lines. */
export function recordsOf(lines: unknown[], opts: RunOptions = {}): SourceRecord<string>[] {
  return lines.map((data, i) => ({
    data: data as string,
    ref: `${opts.refPrefix ?? 'line'}:${i + 1}`,
    ...(opts.timestamp !== undefined ? { timestamp: opts.timestamp } : {}),
  }));
}

export function run(lines: unknown[], opts: RunOptions = {}): Tally {
  const tally = new Tally();
  const ctx = {
    ...(opts.flowFormat !== undefined ? { flowFormat: opts.flowFormat } : {}),
    ...(opts.region ? { region: opts.region } : {}),
    ...(opts.account ? { account: opts.account } : {}),
  };
  normalizeVpcFlow(recordsOf(lines, opts), ctx, opts.settings ?? settingsWith(opts.config), tally);
  return tally;
}

export function egress(tally: Tally): EgressSignal[] {
  return tally.signals.filter((s): s is EgressSignal => s.kind === 'egress');
}

export function instanceLinks(tally: Tally): InstanceLinkSignal[] {
  return tally.signals.filter((s): s is InstanceLinkSignal => s.kind === 'link' && s.link === 'instance-ip');
}

/** Lines of a file as the CLI would read them (split on \n, trailing empty line kept: blanks are skipped). */
export function readLines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n');
}

export function readFormat(path: string): string {
  return readFileSync(path, 'utf8').trim();
}
