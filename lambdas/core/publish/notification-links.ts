/**
 * Links an on-call engineer opens from a notification (pure): the finding in the Security Hub
 * console of the Region it was imported into, and the ATT&CK technique page.
 */
import type { AsffPartition } from './asff-types';
import { partitionOf } from './asff-text';

export const MITRE_T1612_URL = 'https://attack.mitre.org/techniques/T1612/';

function consoleHost(region: string, partition: AsffPartition): string {
  if (partition === 'aws-cn') return 'https://console.amazonaws.cn';
  if (partition === 'aws-us-gov') return 'https://console.amazonaws-us-gov.com';
  return `https://${region}.console.aws.amazon.com`;
}

/**
 * The Security Hub console's findings view filtered on one finding Id. The console keeps its filter
 * in the URL fragment as `search=Id=\operator\:EQUALS\:<id>`, encoded twice (once as the filter
 * value, once as the fragment parameter).
 * @example securityHubFindingUrl('an1261/bf82…', 'us-east-1')
 *   // https://us-east-1.console.aws.amazon.com/securityhub/home?region=us-east-1#/findings?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253Aan1261%252Fbf82…
 */
export function securityHubFindingUrl(asffFindingId: string, region: string, partition: AsffPartition = partitionOf(region)): string {
  const filter = encodeURIComponent(`Id=${encodeURIComponent(`\\operator\\:EQUALS\\:${asffFindingId}`)}`);
  return `${consoleHost(region, partition)}/securityhub/home?region=${encodeURIComponent(region)}#/findings?search=${filter}`;
}
