import { FlowColumns, isBlank, unwrapFlowLine } from '../../../../lambdas/core/sources/vpc-flow/flow-line';

function columns(line: string): string[] {
  const c = new FlowColumns(32);
  const n = c.split(line);
  return Array.from({ length: Math.min(n, 32) }, (_, i) => (c.absent(i) ? '-' : c.text(i)!));
}

describe('FlowColumns', () => {
  it('splits on single spaces', () => {
    expect(columns('2 123 eni-1 10.0.0.1')).toEqual(['2', '123', 'eni-1', '10.0.0.1']);
  });

  it('treats runs of whitespace as one separator (the AWS doc line with a double space)', () => {
    expect(columns('5001 43638  10.0.0.62 52.213.180.42')).toEqual(['5001', '43638', '10.0.0.62', '52.213.180.42']);
    expect(columns('  a\tb \t c  ')).toEqual(['a', 'b', 'c']);
  });

  it('ignores a trailing CR or LF', () => {
    expect(columns('ACCEPT OK\r')).toEqual(['ACCEPT', 'OK']);
    expect(columns('ACCEPT OK\n')).toEqual(['ACCEPT', 'OK']);
  });

  it('counts columns beyond its capacity without storing them', () => {
    const c = new FlowColumns(2);
    expect(c.split('a b c d')).toBe(4);
    expect(c.text(1)).toBe('b');
  });

  it('reads `-` as absent and a column missing from the format (-1) as absent', () => {
    const c = new FlowColumns(4);
    c.split('- 443 x');
    expect(c.text(0)).toBeUndefined();
    expect(c.absent(0)).toBe(true);
    expect(c.absent(-1)).toBe(true);
    expect(c.text(-1)).toBeUndefined();
    expect(c.int(0)).toBe(-1);
    expect(c.int(-1)).toBe(-1);
  });

  it('parses plain decimal integers and flags anything else as NaN', () => {
    const c = new FlowColumns(8);
    c.split('443 0 23294588 1566848933 -1 4e3 0x10 9999999999999999');
    expect([c.int(0), c.int(1), c.int(2), c.int(3)]).toEqual([443, 0, 23294588, 1566848933]);
    expect(c.int(4)).toBeNaN();
    expect(c.int(5)).toBeNaN();
    expect(c.int(6)).toBeNaN();
    expect(c.int(7)).toBeNaN(); // 16 digits: beyond what AWS writes
  });

  it('compares a column without slicing', () => {
    const c = new FlowColumns(4);
    c.split('ACCEPT OK ACCEPTED');
    expect(c.is(0, 'ACCEPT')).toBe(true);
    expect(c.is(1, 'OK')).toBe(true);
    expect(c.is(2, 'ACCEPT')).toBe(false);
  });
});

describe('unwrapFlowLine', () => {
  it('returns a plain line as it is', () => {
    expect(unwrapFlowLine('2 123 eni-1')).toEqual({ line: '2 123 eni-1' });
  });

  it('unwraps {"message": "…"} as JSON text or as an object', () => {
    expect(unwrapFlowLine('{"message": "2 123 eni-1"}')).toEqual({ line: '2 123 eni-1' });
    expect(unwrapFlowLine('  {"id":"1","message":"x y"}')).toEqual({ line: 'x y' });
    expect(unwrapFlowLine({ message: 'x y' })).toEqual({ line: 'x y' });
  });

  it('says why a record is not a line', () => {
    expect(unwrapFlowLine('{"message": "2 12')).toMatchObject({ error: 'vpc-flow:invalid-json' });
    expect(unwrapFlowLine('{"msg": "x"}')).toEqual({ error: 'vpc-flow:not-a-flow-line', detail: 'object without a string "message" (keys: msg)' });
    expect(unwrapFlowLine(42)).toEqual({ error: 'vpc-flow:not-a-flow-line', detail: 'number' });
    expect(unwrapFlowLine(null)).toEqual({ error: 'vpc-flow:not-a-flow-line', detail: 'null' });
    expect(unwrapFlowLine(['a'])).toEqual({ error: 'vpc-flow:not-a-flow-line', detail: 'array' });
  });
});

describe('isBlank', () => {
  it('is true only for whitespace', () => {
    expect(isBlank('')).toBe(true);
    expect(isBlank(' \t\r\n')).toBe(true);
    expect(isBlank(' x ')).toBe(false);
  });
});
