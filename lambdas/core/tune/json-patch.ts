/**
 * The small part of RFC 6902 JSON Patch that tuning writes: `add` (to an object member, or to the
 * end of an array with `/-`, or at an array index). Applied to a copy: the input is never changed.
 */
import { isJsonObject } from '../util/json-object';

export interface JsonPatchOp {
  op: 'add';
  /** RFC 6901 JSON Pointer. */
  path: string;
  value: unknown;
}

/** Escapes one JSON Pointer token (`~` → `~0`, `/` → `~1`). */
export const pointerToken = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

const unescapeToken = (t: string): string => t.replace(/~1/g, '/').replace(/~0/g, '~');


/**
 * `doc` with `ops` applied (a deep copy). Throws when a path's parent does not exist or an index is
 * out of range, as RFC 6902 requires.
 * @example applyJsonPatch({}, [{ op: 'add', path: '/registryAllowList', value: ['r/*'] }]) // { registryAllowList: ['r/*'] }
 */
export function applyJsonPatch(doc: unknown, ops: readonly JsonPatchOp[]): unknown {
  let root: unknown = structuredClone(doc);
  for (const op of ops) {
    if (op.op !== 'add') throw new Error(`JSON Patch: unsupported op ${String(op.op)}`);
    const value = structuredClone(op.value);
    if (op.path === '') {
      root = value;
      continue;
    }
    if (!op.path.startsWith('/')) throw new Error(`JSON Patch: path ${op.path} must start with /`);
    const tokens = op.path.slice(1).split('/').map(unescapeToken);
    const last = tokens.pop()!;
    let parent: unknown = root;
    for (const t of tokens) {
      if (Array.isArray(parent)) parent = parent[Number(t)];
      else if (isJsonObject(parent)) parent = parent[t];
      else parent = undefined;
      if (parent === undefined) throw new Error(`JSON Patch: ${op.path}: ${t} does not exist`);
    }
    if (Array.isArray(parent)) {
      if (last === '-') parent.push(value);
      else {
        const i = Number(last);
        if (!/^(0|[1-9]\d*)$/.test(last) || i > parent.length) throw new Error(`JSON Patch: ${op.path}: index out of range`);
        parent.splice(i, 0, value);
      }
    } else if (isJsonObject(parent)) parent[last] = value;
    else throw new Error(`JSON Patch: ${op.path}: parent is not a container`);
  }
  return root;
}

/**
 * The operations that append `values` to the list at `keys` of `raw` (`['approvedBuilders',
 * 'namespaces']`): one `add` of the whole missing object or list, else one `/-` append per value.
 * @example listAppendOps({}, ['registryAllowList'], ['r/*']) // [{ op: 'add', path: '/registryAllowList', value: ['r/*'] }]
 */
export function listAppendOps(raw: unknown, keys: readonly string[], values: readonly unknown[]): JsonPatchOp[] {
  if (values.length === 0) return [];
  let node: unknown = raw;
  let path = '';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const child = isJsonObject(node) ? node[key] : undefined;
    if (child === undefined) {
      // Build the rest as one object: {namespaces: [...]} or [...].
      let value: unknown = [...values];
      for (let j = keys.length - 1; j > i; j--) value = { [keys[j]!]: value };
      return [{ op: 'add', path: `${path}/${pointerToken(key)}`, value }];
    }
    node = child;
    path += `/${pointerToken(key)}`;
  }
  return values.map((value) => ({ op: 'add', path: `${path}/-`, value }));
}
