/**
 * Checks an ASFF finding against the documented BatchImportFindings limits before it is sent, so
 * that a bad finding is reported by name here instead of coming back in FailedFindings. Accepts
 * anything (a hand-edited or truncated object) and never throws.
 */
import { SEVERITIES } from '../model/config';
import { canonicalIp, isAccountId, isAsffTimestamp, utf8Length } from './asff-text';
import type { AsffFinding } from './asff-types';
import { errorMessage } from '../util/errors';
import { isJsonObject } from '../util/json-object';

/** Security Hub refuses a finding over 240 KB. */
export const ASFF_MAX_BYTES = 240 * 1024;

const REQUIRED = ['AwsAccountId', 'CreatedAt', 'Description', 'GeneratorId', 'Id', 'ProductArn', 'Resources', 'SchemaVersion', 'Severity', 'Title', 'Types', 'UpdatedAt'] as const;
const TYPE_NAMESPACES = new Set(['Software and Configuration Checks', 'TTPs', 'Effects', 'Unusual Behaviors', 'Sensitive Data Identifications']);
const PRODUCT_ARN = /^arn:(aws|aws-cn|aws-us-gov):securityhub:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):(\d{12}):product\/(\d{12})\/default$/;
const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov']);
const WORKFLOW = new Set(['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED']);
const RECORD_STATES = new Set(['ACTIVE', 'ARCHIVED']);
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

type Obj = Record<string, unknown>;

class Problems {
  readonly list: string[] = [];
  add(path: string, message: string): void {
    this.list.push(`${path}: ${message}`);
  }

  text(path: string, v: unknown, opts: { required?: boolean; min?: number; max?: number } = {}): void {
    if (v === undefined) {
      if (opts.required) this.add(path, 'is required');
      return;
    }
    if (typeof v !== 'string') return this.add(path, 'must be a string');
    if (opts.max !== undefined && v.length > opts.max) this.add(path, `is ${v.length} characters, more than ${opts.max}`);
    if (opts.min !== undefined && v.length < opts.min) this.add(path, `is ${v.length} characters, fewer than ${opts.min}`);
  }

  time(path: string, v: unknown, required = false): void {
    if (v === undefined) {
      if (required) this.add(path, 'is required');
    } else if (!isAsffTimestamp(v)) this.add(path, `must be an RFC 3339 timestamp such as 2024-01-31T23:00:00.000Z (got ${JSON.stringify(String(v).slice(0, 40))})`);
  }

  port(path: string, v: unknown): void {
    if (v !== undefined && !(typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 65535)) this.add(path, 'must be a number from 0 to 65535');
  }

  map(path: string, v: unknown, pairs: number, keyMax: number, valueMax: number): void {
    if (v === undefined) return;
    if (!isJsonObject(v)) return this.add(path, 'must be a map of strings');
    const entries = Object.entries(v);
    if (entries.length > pairs) this.add(path, `has ${entries.length} pairs, more than ${pairs}`);
    for (const [k, val] of entries) {
      if (k.length === 0 || k.length > keyMax) this.add(`${path}[${JSON.stringify(k.slice(0, 40))}]`, `key must be 1–${keyMax} characters`);
      if (typeof val !== 'string') this.add(`${path}[${JSON.stringify(k.slice(0, 40))}]`, 'value must be a string');
      else if (val.length > valueMax) this.add(`${path}[${JSON.stringify(k.slice(0, 40))}]`, `value is ${val.length} characters, more than ${valueMax}`);
    }
  }
}

function checkSeverity(p: Problems, path: string, v: unknown, required: boolean): void {
  if (v === undefined) return required ? p.add(path, 'is required') : undefined;
  if (!isJsonObject(v)) return p.add(path, 'must be an object');
  if (!(SEVERITIES as readonly unknown[]).includes(v.Label)) p.add(`${path}.Label`, `must be one of ${SEVERITIES.join('|')}`);
  p.text(`${path}.Original`, v.Original, { min: 1, max: 64 });
}

function checkTypes(p: Problems, path: string, v: unknown, required: boolean): void {
  if (v === undefined) return required ? p.add(path, 'is required') : undefined;
  if (!Array.isArray(v) || v.length === 0) return p.add(path, 'must be a non-empty array of namespace/category/classifier strings');
  if (v.length > 50) p.add(path, `has ${v.length} entries, more than 50`);
  v.forEach((t, i) => {
    const parts = typeof t === 'string' ? t.split('/') : [];
    // The taxonomy documents the first three levels; deeper classifiers are not forbidden.
    if (parts.length === 0 || parts.some((s) => s.trim().length === 0)) p.add(`${path}[${i}]`, 'must be namespace[/category[/classifier]]');
    else if (!TYPE_NAMESPACES.has(parts[0]!)) p.add(`${path}[${i}]`, `namespace must be one of ${[...TYPE_NAMESPACES].join(' | ')}`);
  });
}

function checkResources(p: Problems, v: unknown): void {
  if (!Array.isArray(v)) return p.add('Resources', 'must be an array');
  if (v.length < 1 || v.length > 32) p.add('Resources', `must have 1 to 32 entries (has ${v.length})`);
  const ids = new Set<unknown>();
  v.forEach((r, i) => {
    const path = `Resources[${i}]`;
    if (!isJsonObject(r)) return p.add(path, 'must be an object');
    p.text(`${path}.Type`, r.Type, { required: true, min: 1, max: 256 });
    p.text(`${path}.Id`, r.Id, { required: true, min: 1 });
    if (ids.has(r.Id)) p.add(`${path}.Id`, 'repeats an earlier resource');
    ids.add(r.Id);
    if (r.Partition !== undefined && !PARTITIONS.has(r.Partition as string)) p.add(`${path}.Partition`, 'must be aws, aws-cn or aws-us-gov');
    p.text(`${path}.Region`, r.Region, { min: 1, max: 16 });
    p.map(`${path}.Tags`, r.Tags, 50, 128, 256);
    const d = r.Details;
    if (d === undefined) return;
    if (!isJsonObject(d)) return p.add(`${path}.Details`, 'must be an object keyed by resource type');
    if (isJsonObject(d.Container)) p.time(`${path}.Details.Container.LaunchedAt`, d.Container.LaunchedAt);
    if (isJsonObject(d.AwsEcrContainerImage)) p.time(`${path}.Details.AwsEcrContainerImage.ImagePublishedAt`, d.AwsEcrContainerImage.ImagePublishedAt);
    // `Other` keys/values must be *fewer than* 128 / 1,024 characters.
    p.map(`${path}.Details.Other`, d.Other, 50, 127, 1023);
  });
}

function checkNetwork(p: Problems, f: Obj): void {
  const n = f.Network;
  if (isJsonObject(n)) {
    if (n.Direction !== undefined && n.Direction !== 'IN' && n.Direction !== 'OUT') p.add('Network.Direction', 'must be IN or OUT');
    p.text('Network.Protocol', n.Protocol, { max: 16 });
    p.port('Network.SourcePort', n.SourcePort);
    p.port('Network.DestinationPort', n.DestinationPort);
    for (const [key, version] of [['SourceIpV4', 4], ['DestinationIpV4', 4], ['SourceIpV6', 6], ['DestinationIpV6', 6]] as const) {
      if (n[key] !== undefined && canonicalIp(n[key])?.version !== version) p.add(`Network.${key}`, `must be an IPv${version} address`);
    }
  }
  const a = f.Action;
  if (isJsonObject(a) && isJsonObject(a.NetworkConnectionAction)) {
    const c = a.NetworkConnectionAction;
    if (isJsonObject(c.RemotePortDetails)) p.port('Action.NetworkConnectionAction.RemotePortDetails.Port', c.RemotePortDetails.Port);
    if (isJsonObject(c.RemoteIpDetails) && c.RemoteIpDetails.IpAddressV4 !== undefined && canonicalIp(c.RemoteIpDetails.IpAddressV4)?.version !== 4) {
      p.add('Action.NetworkConnectionAction.RemoteIpDetails.IpAddressV4', 'must be an IPv4 address');
    }
  }
}

/** Every string anywhere must have a visible character (`.*\S.*`) and be valid UTF-16. */
function checkStrings(p: Problems, v: unknown, path: string, depth = 0): void {
  if (typeof v === 'string') {
    if (v.trim().length === 0) p.add(path, 'must not be empty or blank');
    else if (LONE_SURROGATE.test(v)) p.add(path, 'contains a lone UTF-16 surrogate');
  } else if (Array.isArray(v) && depth < 8) v.forEach((x, i) => checkStrings(p, x, `${path}[${i}]`, depth + 1));
  else if (isJsonObject(v) && depth < 8) for (const [k, x] of Object.entries(v)) checkStrings(p, x, path ? `${path}.${k}` : k, depth + 1);
}

function checkSize(p: Problems, f: unknown): void {
  let json: string;
  try {
    json = JSON.stringify(f);
  } catch (e) {
    return p.add('finding', `is not serializable to JSON (${errorMessage(e)})`);
  }
  const bytes = utf8Length(json);
  if (bytes > ASFF_MAX_BYTES) p.add('finding', `is ${bytes} bytes of JSON, more than ${ASFF_MAX_BYTES} (240 KB)`);
}

/**
 * [] when the finding respects the documented BatchImportFindings limits, else one message per
 * problem, each starting with the field path (`Title: is required`).
 */
export function validateAsff(finding: AsffFinding): string[] {
  const p = new Problems();
  const f: unknown = finding;
  if (!isJsonObject(f)) return ['finding: must be an object'];
  for (const key of REQUIRED) if (f[key] === undefined || f[key] === null) p.add(key, 'is required');
  if (f.SchemaVersion !== undefined && f.SchemaVersion !== '2018-10-08') p.add('SchemaVersion', 'must be "2018-10-08"');
  p.text('Id', f.Id, { min: 1, max: 512 });
  p.text('GeneratorId', f.GeneratorId, { min: 1, max: 512 });
  p.text('Title', f.Title, { min: 1, max: 256 });
  p.text('Description', f.Description, { min: 1, max: 1024 });
  p.text('Region', f.Region, { min: 1, max: 16 });
  p.text('ProductName', f.ProductName, { min: 1, max: 128 });
  p.text('CompanyName', f.CompanyName, { min: 1, max: 128 });
  if (f.AwsAccountId !== undefined && !isAccountId(f.AwsAccountId)) p.add('AwsAccountId', 'must be a 12-digit account id');
  if (f.ProductArn !== undefined) {
    const m = typeof f.ProductArn === 'string' ? PRODUCT_ARN.exec(f.ProductArn) : null;
    if (!m || m[3] !== m[4]) p.add('ProductArn', 'must be arn:<partition>:securityhub:<region>:<account>:product/<account>/default');
    // With the default product, BatchImportFindings only takes the calling account's own findings.
    else {
      if (isAccountId(f.AwsAccountId) && f.AwsAccountId !== m[3]) p.add('AwsAccountId', `must be the ProductArn account ${m[3]} (default product)`);
      if (typeof f.Region === 'string' && f.Region !== m[2]) p.add('Region', `must be the ProductArn Region ${m[2]}`);
    }
  }
  for (const key of ['CreatedAt', 'UpdatedAt', 'FirstObservedAt', 'LastObservedAt'] as const) p.time(key, f[key]);
  if (isAsffTimestamp(f.CreatedAt) && isAsffTimestamp(f.UpdatedAt) && Date.parse(f.CreatedAt as string) > Date.parse(f.UpdatedAt as string)) p.add('UpdatedAt', 'must not be before CreatedAt');
  if (isAsffTimestamp(f.FirstObservedAt) && isAsffTimestamp(f.LastObservedAt) && Date.parse(f.FirstObservedAt as string) > Date.parse(f.LastObservedAt as string)) p.add('LastObservedAt', 'must not be before FirstObservedAt');
  checkSeverity(p, 'Severity', f.Severity, false);
  checkTypes(p, 'Types', f.Types, false);
  if (f.FindingProviderFields !== undefined) {
    const fpf = isJsonObject(f.FindingProviderFields) ? f.FindingProviderFields : {};
    checkSeverity(p, 'FindingProviderFields.Severity', fpf.Severity, false);
    checkTypes(p, 'FindingProviderFields.Types', fpf.Types, false);
  }
  if (f.Resources !== undefined) checkResources(p, f.Resources);
  p.map('ProductFields', f.ProductFields, 50, 128, 2048);
  if (isJsonObject(f.ProductFields)) for (const k of Object.keys(f.ProductFields)) if (k.startsWith('aws/')) p.add(`ProductFields[${JSON.stringify(k.slice(0, 40))}]`, 'the aws/ namespace is reserved for AWS');
  p.map('UserDefinedFields', f.UserDefinedFields, 50, 128, 1024);
  if (isJsonObject(f.Note)) {
    p.text('Note.Text', f.Note.Text, { required: true, min: 1, max: 512 });
    p.text('Note.UpdatedBy', f.Note.UpdatedBy, { required: true, min: 1, max: 512 });
    p.time('Note.UpdatedAt', f.Note.UpdatedAt, true);
  }
  const rec = isJsonObject(f.Remediation) && isJsonObject(f.Remediation.Recommendation) ? f.Remediation.Recommendation : undefined;
  if (rec) {
    p.text('Remediation.Recommendation.Text', rec.Text, { max: 512 });
    if (rec.Text === undefined && rec.Url === undefined) p.add('Remediation.Recommendation', 'needs Text or Url');
  }
  if (f.Workflow !== undefined && !(isJsonObject(f.Workflow) && WORKFLOW.has(f.Workflow.Status as string))) p.add('Workflow.Status', `must be one of ${[...WORKFLOW].join('|')}`);
  if (f.RecordState !== undefined && !RECORD_STATES.has(f.RecordState as string)) p.add('RecordState', 'must be ACTIVE or ARCHIVED');
  checkNetwork(p, f);
  checkStrings(p, f, '');
  checkSize(p, f);
  return p.list;
}
