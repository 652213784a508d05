/**
 * Figure 7: what analysing one GB of flow logs costs on AWS, from the figures measured in this
 * run, beside GuardDuty's price for the same GB. A GB is 10^9 bytes of flow-log text (the log
 * events' messages), the unit GuardDuty meters (AnalyzedBytes).
 *
 * Lambda duration per GB = CPU time of the full ingest path (figure 1) scaled to the Lambda's CPU
 * share (memory / 1,769 MB is one vCPU; this machine's core and a Graviton core are taken as
 * equal) + DynamoDB round trips (requests counted in figure 3) × an assumed latency + a fixed
 * overhead per invocation. Invocations per GB follow figure 3's batching (one per interface and
 * minute). DynamoDB on-demand units are
 * figure 3's estimated WRU/RRU scaled to a GB.
 */
import type { StateWrites } from './state-writes';
import type { IngestThroughput } from './flow-throughput';

/** us-east-1 list prices, checked 2026-11 (aws.amazon.com/lambda/pricing, /dynamodb/pricing/on-demand, /guardduty/pricing, /cloudwatch/pricing). */
export const PRICES = {
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  dynamoPerMillionWru: 0.625,
  dynamoPerMillionRru: 0.125,
  guardDutyFlowLogsPerGb: 1.0,
  /** Vended logs (VPC flow logs) into CloudWatch Logs, first 10 TB: the subscription path needs it, GuardDuty does not. */
  cloudWatchVendedIngestPerGb: 0.5,
} as const;

export const ASSUMPTIONS = {
  /** DetectorFunction's default memory size (lib/detector-function.ts). */
  lambdaMemoryMb: 1024,
  /** Memory at which Lambda gives one full vCPU. */
  fullVcpuMemoryMb: 1769,
  /** Typical DynamoDB request latency from Lambda in the same region. */
  dynamoRoundTripMs: 8,
  /** Billed time of an invocation besides parsing and DynamoDB: middy, Powertools, metrics flush. */
  invocationOverheadMs: 5,
} as const;

export interface CostModel {
  lambdaSecondsPerGb: number;
  invocationsPerGb: number;
  gbSecondsPerGb: number;
  lambdaUsdPerGb: number;
  writeUnitsPerGb: number;
  readUnitsPerGb: number;
  dynamoUsdPerGb: number;
  totalUsdPerGb: number;
  guardDutyUsdPerGb: number;
  /** total / GuardDuty. */
  ratioToGuardDuty: number;
  cloudWatchIngestUsdPerGb: number;
}

export function costModel(flow: IngestThroughput, writes: StateWrites): CostModel {
  const perGb = 1e9 / writes.messageBytes;
  const cpuSeconds = 1e9 / (flow.mbPerSec * 1e6);
  const cpuShare = Math.min(1, ASSUMPTIONS.lambdaMemoryMb / ASSUMPTIONS.fullVcpuMemoryMb);
  const requests = (writes.writeRequests + writes.readRequests) * perGb;
  const invocationsPerGb = writes.batches * perGb;
  const lambdaSecondsPerGb = cpuSeconds / cpuShare + (requests * ASSUMPTIONS.dynamoRoundTripMs + invocationsPerGb * ASSUMPTIONS.invocationOverheadMs) / 1000;
  const gbSecondsPerGb = lambdaSecondsPerGb * (ASSUMPTIONS.lambdaMemoryMb / 1024);
  const lambdaUsdPerGb = gbSecondsPerGb * PRICES.lambdaArmPerGbSecond + (invocationsPerGb / 1e6) * PRICES.lambdaPerMillionRequests;
  const writeUnitsPerGb = writes.breakdown.writeUnits * perGb;
  const readUnitsPerGb = writes.breakdown.readUnits * perGb;
  const dynamoUsdPerGb = (writeUnitsPerGb / 1e6) * PRICES.dynamoPerMillionWru + (readUnitsPerGb / 1e6) * PRICES.dynamoPerMillionRru;
  const totalUsdPerGb = lambdaUsdPerGb + dynamoUsdPerGb;
  return {
    lambdaSecondsPerGb,
    invocationsPerGb,
    gbSecondsPerGb,
    lambdaUsdPerGb,
    writeUnitsPerGb,
    readUnitsPerGb,
    dynamoUsdPerGb,
    totalUsdPerGb,
    guardDutyUsdPerGb: PRICES.guardDutyFlowLogsPerGb,
    ratioToGuardDuty: totalUsdPerGb / PRICES.guardDutyFlowLogsPerGb,
    cloudWatchIngestUsdPerGb: PRICES.cloudWatchVendedIngestPerGb,
  };
}
