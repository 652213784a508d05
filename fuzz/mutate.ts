/**
 * Mutations of a seed: byte level (bit flips, byte insert/delete, truncation, chunk duplication,
 * splicing two seeds), JSON level (a random value replaced by a hostile one, keys deleted, values
 * moved, deep nesting) and token level for log lines (a field replaced, lines duplicated/dropped).
 */
import { hostileToken, hostileValue } from './hostile';
import type { Rng } from './rng';

const INTERESTING = [0x00, 0x01, 0x09, 0x0a, 0x0d, 0x20, 0x22, 0x25, 0x2c, 0x2d, 0x3a, 0x3d, 0x5b, 0x5c, 0x5d, 0x7b, 0x7d, 0x7f, 0x80, 0xc3, 0xed, 0xff];

export function mutateBytes(buf: Buffer, rng: Rng, other: Buffer): Buffer {
  let b = Buffer.from(buf);
  const pos = (): number => (b.length === 0 ? 0 : rng.int(0, b.length - 1));
  switch (rng.int(0, 6)) {
    case 0: // bit flips
      for (let i = rng.int(1, 8); i > 0 && b.length > 0; i--) b[pos()]! ^= 1 << rng.int(0, 7);
      return b;
    case 1: { // insert bytes
      const at = pos();
      const ins = Buffer.from(Array.from({ length: rng.int(1, 16) }, () => (rng.chance(0.6) ? rng.pick(INTERESTING) : rng.int(0, 255))));
      return Buffer.concat([b.subarray(0, at), ins, b.subarray(at)]);
    }
    case 2: { // delete a range
      const at = pos();
      return Buffer.concat([b.subarray(0, at), b.subarray(at + rng.int(1, 64))]);
    }
    case 3: // truncate
      return b.subarray(0, pos());
    case 4: { // duplicate a chunk (possibly many times)
      const at = pos();
      const chunk = b.subarray(at, at + rng.int(1, 256));
      const times = rng.chance(0.03) ? rng.int(50, 2000) : rng.int(1, 4);
      b = Buffer.concat([b.subarray(0, at), ...Array.from({ length: times }, () => chunk), b.subarray(at)]);
      return b;
    }
    case 5: // splice: head of this seed, tail of another
      return Buffer.concat([b.subarray(0, pos()), other.subarray(other.length === 0 ? 0 : rng.int(0, other.length - 1))]);
    default: { // overwrite with a chunk of the other seed
      const at = pos();
      const from = other.length === 0 ? 0 : rng.int(0, other.length - 1);
      const chunk = other.subarray(from, from + rng.int(1, 128));
      return Buffer.concat([b.subarray(0, at), chunk, b.subarray(at + chunk.length)]);
    }
  }
}

type Slot = { parent: Record<string, unknown> | unknown[]; key: string | number };

/** Every (container, key) of a JSON value, visited breadth-first up to `limit`. */
function slots(root: unknown, limit = 400): Slot[] {
  const out: Slot[] = [];
  const queue: unknown[] = [root];
  for (let q = 0; q < queue.length && out.length < limit; q++) {
    const v = queue[q];
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        out.push({ parent: v, key: i });
        queue.push(x);
      });
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        out.push({ parent: v as Record<string, unknown>, key: k });
        queue.push(x);
      }
    }
  }
  return out;
}

function get(s: Slot): unknown {
  return (s.parent as Record<string | number, unknown>)[s.key];
}

function set(s: Slot, v: unknown): void {
  (s.parent as Record<string | number, unknown>)[s.key] = v;
}

/** Mutates a parsed JSON value in place (or returns a replacement root). */
export function mutateJson(root: unknown, rng: Rng): unknown {
  const all = slots(root);
  if (all.length === 0) return rng.chance(0.5) ? hostileValue(rng) : [root, root];
  const s = rng.pick(all);
  switch (rng.int(0, 7)) {
    case 0: case 1: case 2:
      set(s, hostileValue(rng));
      break;
    case 3:
      if (Array.isArray(s.parent)) s.parent.splice(Number(s.key), 1);
      else delete s.parent[s.key as string];
      break;
    case 4: { // move another value here (wrong types in the right places)
      set(s, structuredClone(get(rng.pick(all))));
      break;
    }
    case 5: { // a number-ish or string-ish twist of the current value
      const v = get(s);
      set(s, typeof v === 'string' ? rng.pick([v + v, v.toUpperCase(), v.slice(0, rng.int(0, v.length)), ` ${v} `, Number(v) || v.length, [v]]) : typeof v === 'number' ? rng.pick([String(v), -v, v * 1e300, v + 0.5, `${v}`]) : JSON.stringify(v) ?? 'undefined');
      break;
    }
    case 6: // duplicate an array element many times, or wrap a value in arrays
      if (Array.isArray(s.parent)) s.parent.push(...Array.from({ length: rng.chance(0.1) ? rng.int(20, 200) : rng.int(1, 3) }, () => structuredClone(get(s))));
      else set(s, [get(s)]);
      break;
    default: // a new key with a hostile value
      if (!Array.isArray(s.parent)) s.parent[rng.pick(['kind', 'apiVersion', 'stage', 'message', 'Records', 'detail', 'logEvents', '__proto__', 'items', 'awslogs'])] = hostileValue(rng);
      else s.parent.unshift(hostileValue(rng));
  }
  return root;
}

/** Token/line mutations for text sources. */
export function mutateLines(text: string, rng: Rng): string {
  const lines = text.split('\n');
  const li = rng.int(0, lines.length - 1);
  switch (rng.int(0, 4)) {
    case 0: case 1: { // replace a whitespace-separated token (or a key=value's value)
      const toks = lines[li]!.split(' ');
      const ti = rng.int(0, toks.length - 1);
      const eq = toks[ti]!.indexOf('=');
      toks[ti] = eq > 0 && rng.chance(0.7) ? `${toks[ti]!.slice(0, eq + 1)}${hostileToken(rng, 0.05)}` : hostileToken(rng, 0.05);
      lines[li] = toks.join(rng.chance(0.9) ? ' ' : rng.pick(['\t', '  ', '\u00a0']));
      break;
    }
    case 2: // duplicate a line
      lines.splice(li, 0, ...Array.from({ length: rng.chance(0.03) ? rng.int(100, 3000) : rng.int(1, 3) }, () => lines[li]!));
      break;
    case 3: // drop or swap lines
      if (rng.chance(0.5)) lines.splice(li, 1);
      else rng.shuffle(lines);
      break;
    default: // cut a line short or join two lines
      lines[li] = rng.chance(0.5) ? lines[li]!.slice(0, rng.int(0, lines[li]!.length)) : lines[li]! + (lines[li + 1] ?? '');
  }
  return lines.join('\n');
}
