/**
 * Allowlist globs match in linear-ish time whatever the value (no catastrophic backtracking), with
 * the semantics of the former regex: `*` any run (incl. `/` and `:`), `?` one character, anchored,
 * case-sensitive, line terminators matched only literally.
 */
import fc from 'fast-check';
import { firstGlobMatch, globMatch, globToRegExp } from '../../../lambdas/core/util/glob';

/** The former implementation, as the reference semantics. */
const oldMatch = (pattern: string, value: string): boolean => globToRegExp(pattern).test(value);

describe('globMatch', () => {
  it.each([
    ['arn:aws:iam::111122223333:role/ci-*', 'arn:aws:iam::111122223333:role/ci-builder', true],
    ['arn:aws:iam::111122223333:role/ci-*', 'arn:aws:iam::111122223333:role/CI-builder', false],
    ['system:serviceaccount:ci:*', 'system:serviceaccount:ci:kaniko-builder', true],
    ['111122223333.dkr.ecr.us-east-1.amazonaws.com/*', '111122223333.dkr.ecr.us-east-1.amazonaws.com/a/b:c', true],
    ['ip-10-0-?-*.ec2.internal', 'ip-10-0-1-23.ec2.internal', true],
    ['ip-10-0-?-*.ec2.internal', 'ip-10-0-12-23.ec2.internal', false],
    ['a.c', 'abc', false],
    ['(x)+[y]$', '(x)+[y]$', true],
    ['*', '', true],
    ['?', '', false],
    ['', '', true],
    ['', 'a', false],
    ['a*', 'a\nb', false],
    ['a\n*', 'a\nb', true],
    ['ci-*', 'prefix-ci-x', false],
  ])('%j against %j is %s', (pattern, value, expected) => {
    expect(globMatch(pattern, value)).toBe(expected);
  });

  it('firstGlobMatch returns the first matching pattern', () => {
    expect(firstGlobMatch(['x*', 'a*', 'ab*'], 'abc')).toBe('a*');
    expect(firstGlobMatch(['x*'], 'abc')).toBeUndefined();
    expect(firstGlobMatch(['*'], undefined)).toBeUndefined();
  });

  it.each([40, 10_000])('matches the pathological pattern against a %i-character value in under 50 ms', (n) => {
    const pattern = '*a*a*a*a*a*a*a*a*a*a*b';
    globMatch(pattern, 'a'.repeat(40)); // warm-up (JIT), then the best of three runs (a busy CI worker)
    globMatch(pattern, `${'a'.repeat(39)}\n`);
    for (const value of ['a'.repeat(n), `${'a'.repeat(n - 1)}b`, `${'a'.repeat(n - 1)}\n`]) {
      let best = Number.POSITIVE_INFINITY;
      for (let run = 0; run < 3; run++) {
        const start = process.hrtime.bigint();
        const matched = globMatch(pattern, value);
        best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
        expect(matched).toBe(value.endsWith('b'));
      }
      expect(best).toBeLessThan(50);
    }
  });

  it('agrees with the former regex on random small patterns and values', () => {
    const patternChar = fc.constantFrom('a', 'b', '/', ':', '.', '*', '?', '\n', 'A');
    const valueChar = fc.constantFrom('a', 'b', '/', ':', '.', '*', '?', '\n', '\r', '\u2028', 'A');
    fc.assert(
      fc.property(fc.array(patternChar, { maxLength: 10 }), fc.array(valueChar, { maxLength: 14 }), (p, v) => {
        const pattern = p.join('');
        const value = v.join('');
        expect(globMatch(pattern, value)).toBe(oldMatch(pattern, value));
      }),
      { numRuns: 20_000 },
    );
  });

  it('agrees with the former regex on values made from the pattern (many matches)', () => {
    const patternChar = fc.constantFrom('a', 'b', '*', '?', '\n');
    fc.assert(
      fc.property(fc.array(patternChar, { maxLength: 10 }), fc.array(fc.constantFrom('', 'a', 'b', 'ab', '\n', 'ba'), { maxLength: 10 }), (p, fills) => {
        const pattern = p.join('');
        // Replace each wildcard by a fill: values that often match.
        let i = 0;
        const value = p.map((c) => (c === '*' || c === '?' ? (fills[i++ % Math.max(fills.length, 1)] ?? '') : c)).join('');
        expect(globMatch(pattern, value)).toBe(oldMatch(pattern, value));
      }),
      { numRuns: 20_000 },
    );
  });
});
