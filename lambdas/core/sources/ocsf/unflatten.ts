/**
 * Security Lake's OCSF 1.1.0 mappings keep what has no OCSF attribute in `unmapped`, a
 * `map<string,string>` of flattened JSON paths (ocsf/examples, mappings/markdown/AWS/v1.1.0/EKS Audit
 * Logs/samples/eks.ocsf; the 1.0.0-rc.2 CloudTrail samples do the same for requestParameters and
 * responseElements):
 *  - an object member is a dotted path: `requestObject.spec.nodeName` → "ip-10-0-1-23.ec2.internal";
 *  - an array of objects is marked `[]`, and the values of all its elements are joined with commas:
 *    `responseObject.status.conditions[].type` → "MemoryPressure,DiskPressure,PIDPressure,Ready";
 *  - an array of strings likewise: `sourceIPs[]` → "12.0.22.33";
 *  - booleans and numbers are strings.
 *
 * This rebuilds the object under one prefix (`requestObject`, `responseParameters` …) as far as it can
 * be rebuilt without guessing. Joining loses which element a value came from when some elements lack
 * the member, and loses element boundaries of nested arrays (`containers[].args[]`) when there is more
 * than one element; such members are left out and named in `ambiguous` (docs/security-lake.md, gaps).
 * An array's length is its `name` member's count (Kubernetes list items are named), a length given by
 * the caller, or its most frequent member's count.
 */
import { CAPS } from './ocsf-values';

interface Node {
  readonly children: Map<string, Node>;
  array: boolean;
  value?: string;
}

export interface Unflattened {
  /** The rebuilt object; undefined when `unmapped` holds nothing under the prefix. */
  readonly value: unknown;
  /** Paths left out because their elements could not be told apart. */
  readonly ambiguous: string[];
  /** True when `unmapped` was larger than CAPS allow and was read only in part. */
  readonly truncated: boolean;
}

/** Members that Kubernetes and CloudTrail write as booleans (the string "true" would not be `=== true`). */
const BOOLEAN_MEMBERS: ReadonlySet<string> = new Set([
  'privileged',
  'allowPrivilegeEscalation',
  'controller',
  'blockOwnerDeletion',
  'readOnly',
  'hostNetwork',
  'hostPID',
  'hostIPC',
  'runAsNonRoot',
  'readOnlyRootFilesystem',
  'stdin',
  'tty',
]);

function newNode(): Node {
  return { children: new Map(), array: false };
}

function scalar(member: string, raw: string): unknown {
  if (BOOLEAN_MEMBERS.has(member) && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

function split(raw: string | undefined): string[] {
  return raw === undefined || raw === '' ? [] : raw.split(',');
}

/** Parses `a.b[].c[]` into segments; undefined for an empty segment (`a..b`). */
function segments(path: string): Array<{ name: string; array: boolean }> | undefined {
  const out: Array<{ name: string; array: boolean }> = [];
  for (const seg of path.split('.')) {
    const array = seg.endsWith('[]');
    const name = array ? seg.slice(0, -2) : seg;
    if (name === '' || name === '__proto__' || name === 'constructor' || name === 'prototype') return undefined;
    out.push({ name, array });
  }
  return out;
}

interface Leaf {
  /** Segments below the array element. */
  readonly rel: ReadonlyArray<string>;
  readonly node: Node;
}

/** Leaves reachable from an array element without crossing another array (distributable by index). */
function flatLeaves(node: Node, rel: string[], out: Leaf[], deep: string[], path: string): void {
  for (const [name, child] of node.children) {
    const childRel = [...rel, name];
    if (child.array) deep.push(`${path}.${childRel.join('.')}[]`);
    else if (child.children.size > 0) flatLeaves(child, childRel, out, deep, path);
    else if (child.value !== undefined) out.push({ rel: childRel, node: child });
  }
}

function setPath(target: Record<string, unknown>, rel: ReadonlyArray<string>, value: unknown): void {
  let cur = target;
  for (let i = 0; i < rel.length - 1; i++) {
    const k = rel[i]!;
    const next = cur[k];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) cur = next as Record<string, unknown>;
    else {
      const o: Record<string, unknown> = {};
      cur[k] = o;
      cur = o;
    }
  }
  cur[rel[rel.length - 1]!] = value;
}

class Builder {
  readonly ambiguous: string[] = [];
  constructor(private readonly lengths: ReadonlyMap<string, number>) {}

  object(node: Node, path: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, child] of node.children) {
      const childPath = path === '' ? name : `${path}.${name}`;
      if (child.array) out[name] = child.children.size === 0 ? split(child.value).map((v) => scalar(name, v)) : this.array(child, childPath);
      else if (child.children.size > 0) out[name] = this.object(child, childPath);
      else if (child.value !== undefined) out[name] = scalar(name, child.value);
    }
    return out;
  }

  /** An array of objects: one element rebuilt whole; several only from members every element has. */
  array(node: Node, path: string): Array<Record<string, unknown>> {
    const leaves: Leaf[] = [];
    const deep: string[] = [];
    flatLeaves(node, [], leaves, deep, path);
    const counts = leaves.map((l) => split(l.node.value).length);
    const named = leaves.findIndex((l) => l.rel.length === 1 && l.rel[0] === 'name');
    const n = this.lengths.get(path) ?? (named >= 0 ? counts[named]! : mostFrequent(counts));
    if (n === 1) return [this.object(node, path)];
    const elements: Array<Record<string, unknown>> = Array.from({ length: n }, () => ({}));
    leaves.forEach((leaf, i) => {
      if (counts[i] !== n) {
        this.ambiguous.push(`${path}[].${leaf.rel.join('.')}`);
        return;
      }
      const values = split(leaf.node.value);
      const member = leaf.rel[leaf.rel.length - 1]!;
      for (let e = 0; e < n; e++) setPath(elements[e]!, leaf.rel, scalar(member, values[e]!));
    });
    if (n !== 1) this.ambiguous.push(...deep);
    return elements;
  }
}

function mostFrequent(counts: readonly number[]): number {
  const freq = new Map<number, number>();
  let best = 0;
  let bestFreq = 0;
  for (const c of counts) {
    const f = (freq.get(c) ?? 0) + 1;
    freq.set(c, f);
    if (f > bestFreq || (f === bestFreq && c > best)) {
      best = c;
      bestFreq = f;
    }
  }
  return best;
}

/**
 * Rebuilds the value under `prefix` from a flattened `unmapped` map.
 * @param lengths known array lengths by path below the prefix, e.g. `spec.containers` → 2.
 * @example unflattenUnder({ 'requestObject.target.name': 'node-1' }, 'requestObject').value // { target: { name: 'node-1' } }
 */
export function unflattenUnder(unmapped: Readonly<Record<string, unknown>> | undefined, prefix: string, lengths: ReadonlyMap<string, number> = new Map()): Unflattened {
  const root = newNode();
  let found = false;
  let truncated = false;
  let keys = 0;
  let chars = 0;
  if (unmapped) {
    for (const key of Object.keys(unmapped)) {
      if (++keys > CAPS.unmappedKeys) {
        truncated = true;
        break;
      }
      if (!key.startsWith(prefix) || (key.length > prefix.length && key[prefix.length] !== '.' && key[prefix.length] !== '[')) continue;
      const raw = unmapped[key];
      if (typeof raw !== 'string') continue;
      chars += raw.length;
      if (chars > CAPS.document) {
        truncated = true;
        break;
      }
      const segs = segments(`root${key.slice(prefix.length)}`);
      if (!segs) continue;
      let node = root;
      if (segs[0]!.array) root.array = true;
      for (const seg of segs.slice(1)) {
        let child = node.children.get(seg.name);
        if (!child) node.children.set(seg.name, (child = newNode()));
        if (seg.array) child.array = true;
        node = child;
      }
      node.value = raw;
      found = true;
    }
  }
  if (!found) return { value: undefined, ambiguous: [], truncated };
  const b = new Builder(lengths);
  const value = root.array ? b.array(root, '') : root.children.size > 0 ? b.object(root, '') : root.value;
  return { value, ambiguous: b.ambiguous, truncated };
}
