/** Amazon ECR "ECR Image Action" events as EventBridge delivers them (archived one JSON event per line). */

export interface ImageAction {
  id: string;
  account: string;
  region: string;
  repository: string;
  tag?: string;
  digest: string;
  at: number;
  action?: 'PUSH' | 'DELETE';
  result?: 'SUCCESS' | 'FAILURE';
}

export function ecrImageAction(a: ImageAction): Record<string, unknown> {
  return {
    version: '0',
    id: a.id,
    'detail-type': 'ECR Image Action',
    source: 'aws.ecr',
    account: a.account,
    time: new Date(a.at).toISOString().replace(/\.\d+Z$/, 'Z'),
    region: a.region,
    resources: [`arn:aws:ecr:${a.region}:${a.account}:repository/${a.repository}`],
    detail: {
      result: a.result ?? 'SUCCESS',
      'repository-name': a.repository,
      'image-digest': a.digest,
      'action-type': a.action ?? 'PUSH',
      'image-tag': a.tag ?? '',
      'manifest-media-type': 'application/vnd.oci.image.manifest.v1+json',
    },
  };
}

/** A JSON-lines archive of events, in the order given (EventBridge is best effort, not ordered). */
export function ecrEventsFile(events: ReadonlyArray<Record<string, unknown>>): string {
  return `${events.map((e) => JSON.stringify(e)).join('\n')}\n`;
}
