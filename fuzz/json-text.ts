/** JSON text that keeps what JSON.stringify would lose: ±Infinity is written as ±1e400 (JSON.parse reads it back). */
const POS = '\u0000+inf\u0000';
const NEG = '\u0000-inf\u0000';

export function stringify(v: unknown): string {
  const s = JSON.stringify(v, (_k, x: unknown) => (x === Infinity ? POS : x === -Infinity ? NEG : x)) ?? 'null';
  if (!s.includes('\\u0000')) return s;
  return s.split(JSON.stringify(POS)).join('1e400').split(JSON.stringify(NEG)).join('-1e400');
}
