/** Test support: the custom metrics a synthesized template's alarms and dashboards watch, checked against the lib ↔ lambdas contract. */
import type { Template } from 'aws-cdk-lib/assertions';
import { METRICS_NAMESPACE, SERVICE_DIMENSION, metricsEmittedBy } from '../../lambdas/contract';

/** Custom metrics an alarm or the dashboard reads that no handler emits under that service name. */
export function metricsNoHandlerEmits(t: Template): string[] {
  const watched: Array<{ namespace: string; name: string; service: string | undefined }> = [];
  for (const a of Object.values(t.findResources('AWS::CloudWatch::Alarm'))) {
    const p = a.Properties as { Namespace: string; MetricName: string; Dimensions?: Array<{ Name: string; Value: unknown }> };
    watched.push({ namespace: p.Namespace, name: p.MetricName, service: p.Dimensions?.find((d) => d.Name === SERVICE_DIMENSION)?.Value as string | undefined });
  }
  for (const d of Object.values(t.findResources('AWS::CloudWatch::Dashboard'))) {
    // The body is an Fn::Join of JSON text and references; the metrics are plain strings in it.
    const parts = (d.Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
    const body = JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'REF')).join('')) as { widgets: Array<{ properties: { metrics?: unknown[][] } }> };
    for (const m of body.widgets.flatMap((w) => w.properties.metrics ?? [])) {
      const [namespace, name, ...rest] = m.filter((x) => typeof x === 'string') as string[];
      watched.push({ namespace: namespace!, name: name!, service: rest[rest.indexOf(SERVICE_DIMENSION) + 1] });
    }
  }
  return watched
    .filter((w) => !w.namespace.startsWith('AWS/'))
    .filter((w) => w.namespace !== METRICS_NAMESPACE || w.service === undefined || !(metricsEmittedBy(w.service) as readonly string[]).includes(w.name))
    .map((w) => `${w.namespace}/${w.name} (service ${w.service})`);
}
