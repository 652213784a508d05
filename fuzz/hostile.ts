/** Hostile values: what a mutation puts in place of a JSON value or a text token. */
import type { Rng } from './rng';

const BIG = 'A'.repeat(100 * 1024);
const IMAGE_100K = `123456789012.dkr.ecr.us-east-1.amazonaws.com/${'x'.repeat(100 * 1024)}:latest`;

export const HOSTILE_TIMES: readonly unknown[] = [
  '9999-12-31T23:59:59.999Z', '+275760-09-13T00:00:00.001Z', '275761-01-01T00:00:00Z', '1969-12-31T23:59:59Z',
  '0000-01-01T00:00:00Z', '1900-01-01 00:00:00', '2026-02-30T25:61:61Z', '2026-11-02T01:50:01.402119871+25:99',
  '', 'yesterday', 8.64e15 + 1, -1, 0, 1e21, Infinity, -Infinity, 253402300800, 1793581920, 1793581920000,
];

export const HOSTILE_IPS: readonly string[] = [
  '999.1.1.1', '10.0.0', '256.256.256.256', '1.2.3.04', '0x7f.0.0.1', '::ffff:999.0.0.1', '1.2.3.4/33', 'fe80::1%eth0',
  '::', '0.0.0.0', '255.255.255.255', '::1', '2001:db8::g', '1:2:3:4:5:6:7:8:9', '-', '10.0.0.1\u0000', '１.２.３.４',
];

function deep(depth: number, leaf: unknown, arrays: boolean): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v };
  return v;
}

const CHEAP = [0, 2, 3, 4, 5, 9, 10, 13];
const COSTLY = [1, 6, 7, 8, 11, 12];

/** A hostile JSON value (may be Infinity: JSON.parse("1e400") yields it). */
export function hostileValue(rng: Rng, costly = 0.05): unknown {
  // Huge, deep and wide values (cases 1, 6, 7, 8, 11, 12) cost the most: one pick in twenty by default.
  switch (rng.chance(costly) ? rng.pick(COSTLY) : rng.pick(CHEAP)) {
    case 0: return rng.pick(['', ' ', '\u0000', '\n\r\t', '\u001b[31mred', '\ud800', '\uffff', '__proto__', 'constructor', 'toString', '-', 'null', 'NaN', '%ZZ', '%00']);
    case 1: return rng.chance(0.5) ? BIG : IMAGE_100K;
    case 2: return rng.pick([Infinity, -Infinity, -1, -0, 0, 0.5, 2 ** 53 + 1, 1e21, -2147483649, 4294967296]);
    case 3: return rng.pick([null, true, false, [], {}, [null], { '': '' }]);
    case 4: return rng.pick(HOSTILE_TIMES);
    case 5: return rng.pick(HOSTILE_IPS);
    case 6: return deep(rng.int(10, 2000), rng.chance(0.5) ? 'x' : {}, rng.chance(0.5));
    case 7: return Array.from({ length: rng.int(100, 5000) }, (_, i) => (rng.chance(0.5) ? i : `i-${i}`));
    case 8: return Object.fromEntries(Array.from({ length: rng.int(100, 2000) }, (_, i) => [`k${i}`, i]));
    case 9: return rng.str(1, 40, '\u0000\u0001\u0007\u001b\u007f\u0085\u2028\u2029\ufeff"\\/ {}[]=:&?#%\'`$');
    case 10: return `${rng.pick(['docker', 'kaniko', 'buildah', 'moby/buildkit'])}:${'9'.repeat(rng.int(1, 300))}`;
    case 11: return rng.pick(['a'.repeat(65536), 'sha256:' + 'f'.repeat(64 * 1024), '/'.repeat(10000)]);
    case 12: return rng.pick(['\ud83d\ude00'.repeat(3000), 'é'.repeat(40000), 'i-' + '0'.repeat(70000)]);
    default: return rng.pick(['i-0123456789abcdef0', 'eni-0', 'arn:aws:iam::1:role/x', '111122223333', 'us-east-1']);
  }
}

/** Any value as text, never throwing (deeply nested values are cut). */
export function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v)?.slice(0, 200000) ?? String(v);
  } catch {
    return '[[[[deep';
  }
}

/** A hostile text token for line formats (no line breaks unless asked). */
export function hostileToken(rng: Rng, costly = 0.01): string {
  const v = hostileValue(rng, costly);
  const s = typeof v === 'number' ? rng.pick([String(v), 'NaN', 'Infinity', '1e400', '-1', '99999999999999999999']) : asText(v);
  return rng.chance(0.7) ? s.replace(/[\r\n]/g, '') : s;
}
