import { An1261Error, asError, causeMessage, errnoCode, errorMessage, errorName } from '../../../lambdas/core/util/errors';

class InputError extends An1261Error {}

describe('An1261Error', () => {
  it('names itself after its subclass and keeps the cause', () => {
    const cause = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    const e = new InputError('logs/a.gz: cannot read', { cause });
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(An1261Error);
    expect(e.name).toBe('InputError');
    expect(e.cause).toBe(cause);
    expect(causeMessage(e)).toBe('EACCES: permission denied');
    expect(errnoCode(e.cause)).toBe('EACCES');
  });
});

describe('readers of a caught value', () => {
  it.each([
    ['an Error', new TypeError('bad'), 'bad', 'TypeError'],
    ['a string', 'plain text', 'plain text', undefined],
    ['an object with a message (an SDK error shape)', { name: 'ThrottlingException', message: 'Rate exceeded' }, 'Rate exceeded', 'ThrottlingException'],
    ['a number', 42, '42', undefined],
    ['undefined', undefined, 'undefined', undefined],
    ['null', null, 'null', undefined],
  ])('reads %s without a cast', (_what, value, message, name) => {
    expect(errorMessage(value)).toBe(message);
    expect(errorName(value)).toBe(name);
  });

  it('turns a non-Error into an Error that keeps the original as its cause', () => {
    const thrown = { weird: true };
    const e = asError(thrown);
    expect(e).toBeInstanceOf(Error);
    expect(e.message).toBe('{"weird":true}');
    expect(e.cause).toBe(thrown);
    const err = new Error('x');
    expect(asError(err)).toBe(err);
  });

  it('survives values that cannot be serialized', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(errorMessage(cyclic)).toBe('[object Object]');
    expect(errnoCode(cyclic)).toBeUndefined();
    expect(causeMessage(new Error('no cause'))).toBeUndefined();
  });
});
