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
import type { ObjectThroughput, S3FlowThroughput } from './object-throughput';

/** us-east-1 list prices, checked 2026-11 (aws.amazon.com/lambda/pricing, /dynamodb/pricing/on-demand, /guardduty/pricing, /cloudwatch/pricing). */
export const PRICES = {
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  dynamoPerMillionWru: 0.625,
  dynamoPerMillionRru: 0.125,
  guardDutyFlowLogsPerGb: 1.0,
  /** Vended logs (VPC flow logs) into CloudWatch Logs, first 10 TB: the subscription path needs it, GuardDuty does not. */
  cloudWatchVendedIngestPerGb: 0.5,
  /** Vended logs delivered to S3, first 10 TB (aws.amazon.com/cloudwatch/pricing, "Vended Logs"). */
  s3VendedDeliveryPerGb: 0.25,
  /** Apache Parquet conversion of vended logs delivered to S3 (same page). */
  parquetConversionPerGb: 0.035,
  /** Kinesis Data Streams on-demand, data ingested and retrieved (aws.amazon.com/kinesis/data-streams/pricing); the stream-hour is fixed, not per GB. */
  kinesisOnDemandIngestPerGb: 0.08,
  kinesisOnDemandRetrievalPerGb: 0.04,
  s3GetPer1000: 0.0004,
  /** SQS standard queue requests; receive and delete are two per message (batched by 10 for receive by the event source mapping). */
  sqsPerMillionRequests: 0.4,
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
  /** Flow-log text per S3 object: AWS writes one object per flow log and 5-minute (or 1-minute) interval, up to 75 MB. */
  objectTextBytes: 50e6,
  /** Memory of the S3 object reader (lib/object-intake.ts). */
  objectReaderMemoryMb: 2048,
  /** Parquet range reads per object (footer, then one per row group). */
  parquetGetsPerObject: 3,
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
  /** Each way flow logs can reach the detector: what AWS charges to deliver a GB there, and what the detector adds. */
  intakePaths: IntakePathCost[];
}

export interface IntakePathCost {
  path: string;
  /** AWS's charge to deliver one GB of flow-log text to that place (paid whether or not the detector reads it). */
  deliveryUsdPerGb: number;
  /** What reading it costs the detector: Lambda, DynamoDB, and the path's own requests. */
  detectorUsdPerGb: number;
  totalUsdPerGb: number;
  note: string;
}

/** Lambda cost of reading one GB at `mbPerSec` (this machine's core) on a function of `memoryMb`. */
function lambdaUsdPerGbAt(mbPerSec: number, memoryMb: number, extraSeconds: number, invocations: number): number {
  const cpuShare = Math.min(1, memoryMb / ASSUMPTIONS.fullVcpuMemoryMb);
  const seconds = 1e9 / (mbPerSec * 1e6) / cpuShare + extraSeconds;
  return seconds * (memoryMb / 1024) * PRICES.lambdaArmPerGbSecond + (invocations / 1e6) * PRICES.lambdaPerMillionRequests;
}

function intakePaths(flow: IngestThroughput, writes: StateWrites, dynamoUsdPerGb: number, s3: S3FlowThroughput | undefined, cwlLambdaUsdPerGb: number): IntakePathCost[] {
  const perGb = 1e9 / writes.messageBytes;
  const dynamoSeconds = ((writes.writeRequests + writes.readRequests) * perGb * ASSUMPTIONS.dynamoRoundTripMs) / 1000;
  // The CloudWatch Logs → Kinesis payload is gzipped JSON: about the S3 text object's compression.
  const gzipRatio = s3 ? s3.text.objectBytes / s3.text.textBytes : 0.1;
  const objects = 1e9 / ASSUMPTIONS.objectTextBytes;
  const objectPath = (t: ObjectThroughput, gets: number, delivery: number, path: string, note: string): IntakePathCost => {
    const requests = objects * gets * (PRICES.s3GetPer1000 / 1000) + ((objects * 2) / 1e6) * PRICES.sqsPerMillionRequests;
    const detector = lambdaUsdPerGbAt(t.mbPerSec, ASSUMPTIONS.objectReaderMemoryMb, dynamoSeconds, objects / 10) + dynamoUsdPerGb + requests;
    return { path, deliveryUsdPerGb: delivery, detectorUsdPerGb: detector, totalUsdPerGb: delivery + detector, note };
  };
  const kinesis = gzipRatio * (PRICES.kinesisOnDemandIngestPerGb + PRICES.kinesisOnDemandRetrievalPerGb);
  const paths: IntakePathCost[] = [
    { path: 'CloudWatch Logs subscription → Lambda', deliveryUsdPerGb: PRICES.cloudWatchVendedIngestPerGb, detectorUsdPerGb: cwlLambdaUsdPerGb + dynamoUsdPerGb, totalUsdPerGb: 0, note: 'figure 1 throughput' },
    {
      path: 'CloudWatch Logs → Kinesis (on-demand) → Lambda',
      deliveryUsdPerGb: PRICES.cloudWatchVendedIngestPerGb,
      detectorUsdPerGb: cwlLambdaUsdPerGb + dynamoUsdPerGb + kinesis,
      totalUsdPerGb: 0,
      note: `Kinesis on gzipped payloads (${(gzipRatio * 100).toFixed(0)}% of the text); $0.04 per stream-hour besides`,
    },
  ];
  if (s3) {
    paths.push(objectPath(s3.text, 1, PRICES.s3VendedDeliveryPerGb, 'S3 (text .log.gz) → SQS → Lambda', 'figure 13 text throughput; one GET per object'));
    paths.push(objectPath(s3.parquet, ASSUMPTIONS.parquetGetsPerObject, PRICES.s3VendedDeliveryPerGb + PRICES.parquetConversionPerGb, 'S3 (Parquet) → SQS → Lambda', 'figure 13 Parquet throughput; range reads per object'));
    paths.push(
      objectPath(s3.parquet, ASSUMPTIONS.parquetGetsPerObject, 0, 'Security Lake subscriber (OCSF Parquet) → SQS → Lambda', "Security Lake's own ingestion charge is the lake's, paid whether or not the detector subscribes: not counted; Parquet throughput of figure 13 taken for OCSF rows"),
    );
  }
  return paths.map((p) => ({ ...p, totalUsdPerGb: p.deliveryUsdPerGb + p.detectorUsdPerGb }));
}

export function costModel(flow: IngestThroughput, writes: StateWrites, s3?: S3FlowThroughput): CostModel {
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
    intakePaths: intakePaths(flow, writes, dynamoUsdPerGb, s3, lambdaUsdPerGb),
  };
}
