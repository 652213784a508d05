/**
 * Operations: alarms that page through the findings topic (DLQ depth, function errors and
 * throttles, flow-log SKIPDATA, each source going silent, records waiting too long before an ingest
 * function reads them) and one dashboard that shows the pipeline's flow from records in to
 * findings out.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { INGEST_METRICS, type MetricName, METRICS_NAMESPACE, PUBLISH_METRICS, SERVICE_DIMENSION, serviceName } from '../lambdas/contract';
import type { Config } from '../lambdas/core/model/config';
import type { WatchedSource } from './ingest-sources';

export interface OperationsProps {
  /** The validated configuration: `operations.silentSourceMinutes` sets how long a silent source may stay silent. */
  readonly config: Config;
  /** Where every alarm (and its return to OK) is sent. */
  readonly topic: sns.ITopic;
  /** Dead-letter queues by name: one alarm each as soon as a message lands. */
  readonly dlqs: Record<string, sqs.IQueue>;
  /** Functions by name: error and throttle alarms, and the dashboard's Lambda graphs. */
  readonly functions: Record<string, lambda.IFunction>;
  /** Ingest sources whose silence is a blind spot (`IngestSources.watched`); a flow-log source also gets a SKIPDATA alarm. */
  readonly sources: WatchedSource[];
  /** The findings queue, charted beside the findings emitted. */
  readonly findingsQueue: sqs.IQueue;
  /**
   * Where records wait before an ingest function reads them, by name: the object intake queue, the
   * member-account stream. Each alarms when its oldest record has waited `BACKLOG_ALARM_MINUTES`
   * (records that late may no longer join a chain), and is charted.
   * @default no backlog watched
   */
  readonly backlogs?: OperationsBacklogs;
}

/** Queues and streams whose oldest record's age `Operations` watches. */
export interface OperationsBacklogs {
  /** SQS queues by name (ApproximateAgeOfOldestMessage). @default none */
  readonly queues?: Record<string, sqs.IQueue>;
  /** Kinesis streams by name (GetRecords.IteratorAgeMilliseconds). @default none */
  readonly streams?: Record<string, kinesis.IStream>;
}

/** How long a record may wait for its ingest function before the backlog alarm pages: a third of the default state retention (45 min). */
export const BACKLOG_ALARM_MINUTES = 15;

/** A metric the handlers emit with Powertools (dimension `service` = their service name); names from the contract. */
export function pipelineMetric(name: MetricName, service: string, period: Duration, statistic = 'Sum'): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace: METRICS_NAMESPACE, metricName: name, dimensionsMap: { [SERVICE_DIMENSION]: service }, period, statistic });
}

export class Operations extends Construct {
  /** Every alarm, each paging through `topic`. */
  readonly alarms: cloudwatch.Alarm[] = [];
  /** Records in → signals → findings, and the functions' errors and durations. */
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const page = new actions.SnsAction(props.topic);
    const alarm = (aid: string, a: cloudwatch.AlarmProps) => {
      const al = new cloudwatch.Alarm(this, aid, a);
      al.addAlarmAction(page);
      al.addOkAction(page);
      this.alarms.push(al);
      return al;
    };
    const fiveMin = Duration.minutes(5);

    for (const [name, q] of Object.entries(props.dlqs)) {
      alarm(`${name}DlqAlarm`, {
        alarmDescription: `AN1261 ${name} DLQ holds messages: events or findings failed after retries. Inspect, fix, then redrive.`,
        metric: q.metricApproximateNumberOfMessagesVisible({ period: fiveMin, statistic: 'Maximum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}ErrorsAlarm`.replace(/[^A-Za-z0-9]/g, ''), {
        alarmDescription: `AN1261 ${name} Lambda errors: invocations fail and go to retry/DLQ.`,
        metric: fn.metricErrors({ period: fiveMin }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm(`${name}ThrottlesAlarm`.replace(/[^A-Za-z0-9]/g, ''), {
        alarmDescription: `AN1261 ${name} Lambda throttled: raise operations.ingestConcurrency or investigate a flood.`,
        metric: fn.metricThrottles({ period: fiveMin }),
        threshold: 1,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }
    const flow = props.sources.find((s) => s.name === 'VPC flow logs');
    if (flow) {
      alarm('FlowSkipDataAlarm', {
        alarmDescription: 'AN1261: VPC flow logs reported SKIPDATA — AWS could not capture some traffic; egress may be missing from findings.',
        metric: pipelineMetric(INGEST_METRICS.flowSkipData, flow.service, fiveMin),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }
    // Partial batch failures do not count as Lambda errors: watch the publisher's own metric too.
    alarm('PublishFailuresAlarm', {
      alarmDescription: 'AN1261: findings could not be delivered to Security Hub or SNS; they return to the queue and reach the DLQ if it persists.',
      metric: pipelineMetric(PUBLISH_METRICS.publishFailures, serviceName('publish'), fiveMin),
      threshold: 1,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const queueAges: cloudwatch.IMetric[] = [];
    const streamAges: cloudwatch.IMetric[] = [];
    for (const [name, q] of Object.entries(props.backlogs?.queues ?? {})) {
      const metric = q.metricApproximateAgeOfOldestMessage({ period: fiveMin, statistic: 'Maximum' });
      queueAges.push(metric);
      alarm(`${name}BacklogAlarm`.replace(/[^A-Za-z0-9]/g, ''), {
        alarmDescription: `AN1261 ${name} queue: a message has waited ${BACKLOG_ALARM_MINUTES} min for the reader — it is throttled, failing or outpaced; late records may no longer join a chain.`,
        metric,
        threshold: BACKLOG_ALARM_MINUTES * 60,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }
    for (const [name, stream] of Object.entries(props.backlogs?.streams ?? {})) {
      const metric = stream.metricGetRecordsIteratorAgeMilliseconds({ period: fiveMin, statistic: 'Maximum' });
      streamAges.push(metric);
      alarm(`${name}BacklogAlarm`.replace(/[^A-Za-z0-9]/g, ''), {
        alarmDescription: `AN1261 ${name} stream: records have waited ${BACKLOG_ALARM_MINUTES} min for the reader — it is throttled, failing or outpaced; late records may no longer join a chain.`,
        metric,
        threshold: BACKLOG_ALARM_MINUTES * 60 * 1000,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }
    const silence = Duration.minutes(props.config.operations.silentSourceMinutes);
    for (const s of props.sources) {
      alarm(`Silent${s.name.replace(/[^A-Za-z0-9]/g, '')}Alarm`, {
        alarmDescription: `AN1261: no ${s.name} record for ${props.config.operations.silentSourceMinutes} min — a blind spot. Check the log group, its subscription filter and the producer.`,
        metric: pipelineMetric(INGEST_METRICS.recordsIn, s.service, silence),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      });
    }

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(6) });
    const ingest = props.sources.map((s) => s.service);
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: '1. Records in, by source', left: ingest.map((svc) => pipelineMetric(INGEST_METRICS.recordsIn, svc, fiveMin)), width: 8 }),
      new cloudwatch.GraphWidget({ title: '2. Signals out / records rejected', left: ingest.map((svc) => pipelineMetric(INGEST_METRICS.signalsEmitted, svc, fiveMin)), right: ingest.map((svc) => pipelineMetric(INGEST_METRICS.recordsRejected, svc, fiveMin)), width: 8 }),
      new cloudwatch.GraphWidget({ title: '3. Findings emitted', left: ingest.map((svc) => pipelineMetric(INGEST_METRICS.findingsEmitted, svc, fiveMin)), right: [props.findingsQueue.metricApproximateNumberOfMessagesVisible({ period: fiveMin })], width: 8 }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Lambda errors', left: Object.values(props.functions).map((fn) => fn.metricErrors({ period: fiveMin })), width: 8 }),
      new cloudwatch.GraphWidget({ title: 'Lambda duration p99', left: Object.values(props.functions).map((fn) => fn.metricDuration({ period: fiveMin, statistic: 'p99' })), width: 8 }),
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 8 }),
    );
    if (queueAges.length + streamAges.length > 0) {
      this.dashboard.addWidgets(new cloudwatch.GraphWidget({ title: 'Backlog: oldest message age (s, left) / stream iterator age (ms, right)', left: queueAges, right: streamAges, width: 24 }));
    }
  }
}
