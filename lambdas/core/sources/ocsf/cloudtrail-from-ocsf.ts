/**
 * Security Lake CLOUD_TRAIL_MGMT (OCSF API Activity: class 3005 in 1.0.0-rc.2, source version 1;
 * class 6003 in 1.1.0, version 2) → the CloudTrail record the rules read, for ECR PutImage (rule
 * cloudtrail-put-image) and EC2 RunInstances (rule cloudtrail-run-instances: each launched instance
 * with its private IPs, from `responseElements.instancesSet`); every other call is not relevant.
 * The reverse of Security Lake's published mapping (ocsf/examples mappings/markdown/AWS/v1.0.0-rc.2
 * and v1.1.0 "CloudTrail/API Activity"):
 *
 * | OCSF                                        | CloudTrail                                 |
 * |---------------------------------------------|--------------------------------------------|
 * | api.service.name / api.operation            | eventSource / eventName                    |
 * | time (epoch ms) / time_dt                   | eventTime                                  |
 * | metadata.uid / api.request.uid              | eventID / requestID                        |
 * | cloud.region                                | awsRegion                                  |
 * | unmapped.recipientAccountId                 | recipientAccountId                         |
 * | src_endpoint.ip (or .domain)                | sourceIPAddress                            |
 * | actor.user.type                             | userIdentity.type                          |
 * | actor.user.uuid (rc.2) / actor.user.uid (1.1) | userIdentity.arn                         |
 * | actor.user.uid (rc.2) / actor.user.uid_alt (1.1) | userIdentity.principalId              |
 * | actor.user.account_uid (rc.2) / actor.user.account.uid (1.1) | userIdentity.accountId    |
 * | actor.session.issuer                        | userIdentity.sessionContext.sessionIssuer.arn |
 * | api.request.data (1.1) / unmapped `requestParameters.*` (rc.2) | requestParameters (PutImage) |
 * | api.response.data (1.1) / unmapped `responseElements.*` (rc.2) | responseElements        |
 * | api.response.error / message                | errorCode / errorMessage                   |
 *
 * In 1.1.0 `api.response.data` is the whole responseElements as JSON: a RunInstances row keeps every
 * instance and address. 1.0.0-rc.2's response object has no `data`: responseElements is flattened
 * into `unmapped`, arrays comma-joined, so the launched instances are told apart by their
 * `instanceId` (every element has one) and only members every instance has are laid back by index
 * (its primary `privateIpAddress`); an instance's own lists (network interfaces, secondary and IPv6
 * addresses) survive only in a one-instance launch (OCSF_GAPS `cloudtrail.run-instances-flattened`).
 */
import type { CloudTrailRecord } from '../../records/ecr/types';
import { type Row, CAPS, asRow, msAt, objAt, strAt } from './ocsf-values';
import { unflattenUnder } from './unflatten';

export type CloudTrailFromOcsf = { readonly record: CloudTrailRecord; readonly drops: readonly string[] } | { readonly reject: string; readonly detail: string } | { readonly ignore: string };

function document(row: Row, path: string, prefix: string, drops: string[], lengths?: ReadonlyMap<string, number>): unknown {
  const raw = objAt(row, path)?.['data'];
  if (typeof raw === 'string' && raw.length > 0) {
    if (raw.length > CAPS.document) drops.push('ocsf:invalid-object-document');
    else {
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        drops.push('ocsf:invalid-object-document');
      }
    }
  } else if (asRow(raw)) return raw;
  const rebuilt = unflattenUnder(objAt(row, 'unmapped'), prefix, lengths);
  if (rebuilt.ambiguous.length > 0) drops.push('ocsf:ambiguous-unmapped');
  if (rebuilt.truncated) drops.push('ocsf:unmapped-truncated');
  return rebuilt.value;
}

function defined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function userIdentityOf(row: Row): Record<string, unknown> | undefined {
  const uid = strAt(row, 'actor.user.uid');
  const uuid = strAt(row, 'actor.user.uuid');
  const arn = [uuid, uid].find((v) => v?.startsWith('arn:'));
  const principalId = strAt(row, 'actor.user.uid_alt') ?? (uid !== undefined && uid !== arn ? uid : undefined);
  const unmapped = objAt(row, 'unmapped');
  const issuerField = (k: string) => {
    const v = unmapped?.[`userIdentity.sessionContext.sessionIssuer.${k}`];
    return typeof v === 'string' && v.length > 0 ? v.slice(0, CAPS.field) : undefined;
  };
  const issuer = defined({ arn: strAt(row, 'actor.session.issuer'), type: issuerField('type'), userName: issuerField('userName'), principalId: issuerField('principalId'), accountId: issuerField('accountId') });
  const ui = defined({
    type: strAt(row, 'actor.user.type', 64),
    arn,
    principalId,
    accountId: strAt(row, 'actor.user.account.uid', 64) ?? strAt(row, 'actor.user.account_uid', 64),
    accessKeyId: strAt(row, 'actor.user.credential_uid', 128),
    userName: strAt(row, 'actor.user.name', 256),
    invokedBy: strAt(row, 'actor.invoked_by', 256),
    sessionContext: Object.keys(issuer).length > 0 ? { sessionIssuer: issuer } : undefined,
  });
  return Object.keys(ui).length > 0 ? ui : undefined;
}

/**
 * The calls read. `responseLengths`: for a flattened (1.0.0-rc.2) response, the arrays whose length
 * is the count of a member every element has, by path below `responseElements`.
 */
interface CallMapping {
  request: boolean;
  responseLengths: Readonly<Record<string, string>>;
}

const CALLS: ReadonlyMap<string, CallMapping> = new Map<string, CallMapping>([
  ['ecr.amazonaws.com PutImage', { request: true, responseLengths: {} }],
  // requestParameters is not read by cloudtrail-run-instances: not mapped (nor counted as lost).
  ['ec2.amazonaws.com RunInstances', { request: false, responseLengths: { 'instancesSet.items': 'instanceId' } }],
]);

function lengthsOf(row: Row, byMember: Readonly<Record<string, string>>): ReadonlyMap<string, number> {
  const unmapped = objAt(row, 'unmapped');
  const lengths = new Map<string, number>();
  for (const [path, member] of Object.entries(byMember)) {
    const joined = unmapped?.[`responseElements.${path}[].${member}`];
    if (typeof joined === 'string' && joined.length > 0) lengths.set(path, joined.split(',').length);
  }
  return lengths;
}

/** The CloudTrail record of an ECR PutImage or EC2 RunInstances row; other calls are `ocsf:not-relevant`. */
export function cloudTrailRecordOf(row: Row): CloudTrailFromOcsf {
  const eventSource = strAt(row, 'api.service.name', 128);
  const eventName = strAt(row, 'api.operation', 128);
  const call = eventSource !== undefined && eventName !== undefined ? CALLS.get(`${eventSource} ${eventName}`) : undefined;
  if (call === undefined) return { ignore: 'ocsf:not-relevant' };
  const ms = msAt(row, 'time') ?? msAt(row, 'time_dt');
  const eventTime = ms !== undefined && Number.isFinite(new Date(ms).getTime()) ? new Date(ms).toISOString() : undefined;
  if (eventTime === undefined) return { reject: 'ocsf:invalid-time', detail: 'time / time_dt' };
  const drops: string[] = [];
  const unmapped = objAt(row, 'unmapped');
  const recipient = unmapped?.['recipientAccountId'];
  const record = defined({
    eventVersion: strAt(row, 'metadata.product.version', 16),
    eventSource,
    eventName,
    eventTime,
    eventID: strAt(row, 'metadata.uid', 128),
    requestID: strAt(row, 'api.request.uid', 128),
    eventType: strAt(row, 'metadata.event_code', 64) ?? (typeof unmapped?.['eventType'] === 'string' ? unmapped['eventType'].slice(0, 64) : undefined),
    awsRegion: strAt(row, 'cloud.region', 64),
    recipientAccountId: typeof recipient === 'string' ? recipient.slice(0, 64) : strAt(row, 'cloud.account.uid', 64) ?? strAt(row, 'cloud.account_uid', 64),
    sourceIPAddress: strAt(row, 'src_endpoint.ip', 64) ?? strAt(row, 'src_endpoint.domain', 256),
    userAgent: strAt(row, 'http_request.user_agent'),
    userIdentity: userIdentityOf(row),
    requestParameters: call.request ? document(row, 'api.request', 'requestParameters', drops) : undefined,
    responseElements: document(row, 'api.response', 'responseElements', drops, lengthsOf(row, call.responseLengths)),
    errorCode: strAt(row, 'api.response.error', 256),
    errorMessage: strAt(row, 'api.response.message'),
  });
  return { record: record as CloudTrailRecord, drops };
}
