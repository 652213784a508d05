/**
 * The container images a workload write deploys. The requestObject comes first: for create and
 * update it is the whole object, for a patch it holds what changed (a strategic-merge or merge
 * patch with the new image, or a JSON-patch op list). The responseObject is the fallback.
 */
import { normalizeImage } from '../../model/image-ref';
import type { AuditRecord } from '../../records/eks-audit/audit-record';
import { type JsonObject, arrAt, asObject, strAt } from '../../records/eks-audit/json-fields';
import { podSpecObject } from '../../records/eks-audit/pod-spec';

const SECTIONS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

function imagesOfSpec(spec: JsonObject | undefined, out: string[]): void {
  for (const section of SECTIONS) {
    for (const c of arrAt(spec, section)) {
      const image = strAt(asObject(c), 'image');
      if (image) out.push(image);
    }
  }
}

/** `[{op: replace, path: /spec/template/spec/containers/0/image, value: nginx:1.27}]` and friends. */
function imagesOfJsonPatch(ops: readonly unknown[], out: string[]): void {
  for (const item of ops) {
    const op = asObject(item);
    const kind = strAt(op, 'op');
    const path = strAt(op, 'path');
    if ((kind !== 'add' && kind !== 'replace') || !path || !/ontainers(\/|$)/.test(path)) continue;
    const value = op?.['value'];
    if (typeof value === 'string' && path.endsWith('/image')) out.push(value);
    else if (Array.isArray(value)) for (const c of value) {
      const image = strAt(asObject(c), 'image');
      if (image) out.push(image);
    }
    else {
      const image = strAt(asObject(value), 'image');
      if (image) out.push(image);
    }
  }
}

/** Normalized, distinct images, in spec order; `drop` counts each reference that is no image. */
export function deployImages(rec: AuditRecord, kind: string, drop?: (reason: string) => void): string[] {
  const raw: string[] = [];
  if (Array.isArray(rec.requestObject)) imagesOfJsonPatch(rec.requestObject, raw);
  else imagesOfSpec(podSpecObject(kind, asObject(rec.requestObject)), raw);
  if (raw.length === 0) imagesOfSpec(podSpecObject(kind, rec.responseObject), raw);
  const out: string[] = [];
  for (const r of raw) {
    const image = normalizeImage(r);
    if (!image) drop?.('eks-audit:invalid-image-reference');
    else if (!out.includes(image)) out.push(image);
  }
  return out;
}
