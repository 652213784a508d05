/**
 * The text helpers behind the ASFF mapping: cleaning, capping, byte counting, timestamps, IPs.
 */
import fc from 'fast-check';
import { canonicalIp, capText, isAsffTimestamp, partitionOf, safeText, utf8Length } from '../../../lambdas/core/publish/asff-text';

describe('safeText', () => {
  it('turns controls, bidi overrides and line breaks into single spaces and trims', () => {
    expect(safeText('  a\u0000b\r\n\tc\u202ed\u2028e\u200bf  ', 100)).toBe('a b c d e f');
  });

  it('replaces lone surrogates and keeps pairs', () => {
    expect(safeText('x\ud800y😀', 100)).toBe('x\ufffdy😀');
  });

  it('is undefined when nothing visible remains, or for non-strings', () => {
    expect(safeText(' \n\u0000 ', 10)).toBeUndefined();
    expect(safeText(undefined, 10)).toBeUndefined();
    expect(safeText({ toString: () => 'x' }, 10)).toBeUndefined();
    expect(safeText(42, 10)).toBe('42');
  });

  it('caps with an ellipsis, also when only a prefix of a huge input was read', () => {
    expect(safeText('abcdef', 4)).toBe('abc…');
    expect(safeText(`${' \u0000'.repeat(1000)}abc${'x'.repeat(10)}`, 4)).toBe('abc…');
    expect(safeText(`a${' '.repeat(1000)}secret`, 4)).toBe('a…'); // only a bounded prefix is read
  });
});

describe('capText', () => {
  it('never splits a surrogate pair', () => {
    expect(capText('ab😀cd', 4)).toBe('ab…');
    expect(capText('abc😀', 5)).toBe('abc😀');
  });
});

describe('utf8Length', () => {
  it('equals the UTF-8 size of the JSON text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const json = JSON.stringify({ s });
        expect(utf8Length(json)).toBe(Buffer.byteLength(json, 'utf8'));
      }),
    );
  });
});

describe('isAsffTimestamp', () => {
  it('follows the documented formats', () => {
    expect(isAsffTimestamp('2017-03-22T13:22:13.933Z')).toBe(true);
    expect(isAsffTimestamp('2024-01-04T15:25:10-17')).toBe(true);
    expect(isAsffTimestamp('2024-02-29T00:00:00Z')).toBe(true);
    expect(isAsffTimestamp('2023-02-29T00:00:00Z')).toBe(false);
    expect(isAsffTimestamp('2024-01-04T15:25:10')).toBe(false);
    expect(isAsffTimestamp('+275760-09-13T00:00:00.000Z')).toBe(false);
    expect(isAsffTimestamp(1704446650000)).toBe(false);
  });
});

describe('canonicalIp', () => {
  it('accepts dotted quads and IPv6, in canonical form', () => {
    expect(canonicalIp('10.0.1.23')).toEqual({ version: 4, ip: '10.0.1.23' });
    expect(canonicalIp('FE80:CD00:0000:0CDE:1257:0000:211E:729C')).toEqual({ version: 6, ip: 'fe80:cd00:0:cde:1257:0:211e:729c' });
    expect(canonicalIp('::ffff:198.51.100.7')).toEqual({ version: 4, ip: '198.51.100.7' });
  });

  it('refuses the shorthand forms ipaddr.js would otherwise take, and zone ids', () => {
    for (const bad of ['1', '0x7f.1', '010.1.1.1', 'fe80::1%eth0', '', 'host', '1.2.3.4/32']) expect(canonicalIp(bad)).toBeUndefined();
  });
});

describe('partitionOf', () => {
  it('knows the China and GovCloud partitions', () => {
    expect(partitionOf('cn-northwest-1')).toBe('aws-cn');
    expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov');
    expect(partitionOf('eu-west-3')).toBe('aws');
    expect(partitionOf('garbage', 'aws-cn')).toBe('aws-cn');
  });
});
