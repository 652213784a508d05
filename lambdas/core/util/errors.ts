/**
 * The product's errors, as Powertools shapes its own: one base class that keeps the `cause` and
 * names itself after its subclass, one subclass per kind of failure a caller may handle (config,
 * environment, input, state, publishing, AWS calls), and readers that take `unknown` — what a
 * `catch` receives — so no call site casts `(e as Error)`.
 *
 * @example
 * try { … } catch (e) { throw new InputError(`${file}: cannot read`, { cause: e }); }
 * @example
 * catch (e) { logger.warn('skipped', { reason: errorMessage(e) }); }
 */
export class An1261Error extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A thrown value as an Error: itself, or an Error whose message is its text and whose cause is it. */
export function asError(e: unknown): Error {
  if (e instanceof Error) return e;
  return new Error(typeof e === 'string' ? e : safeString(e), { cause: e });
}

/** The message of anything thrown (an Error's message, a string, or its JSON/`String` form). */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string') return (e as { message: string }).message;
  return typeof e === 'string' ? e : safeString(e);
}

/**
 * The name of a thrown value when it has one: SDK v3 service exceptions carry the service's error
 * code there (`ConditionalCheckFailedException`, `ThrottlingException`).
 */
export function errorName(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const name = (e as { name?: unknown }).name;
  return typeof name === 'string' && name.length > 0 ? name : undefined;
}

/** A Node.js system error's code (`ENOENT`, `EACCES`, `EPIPE`), when the value has one. */
export function errnoCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** The `message` of an error's cause, when it has one. */
export function causeMessage(e: unknown): string | undefined {
  if (!(e instanceof Error) || e.cause === undefined) return undefined;
  return errorMessage(e.cause);
}

function safeString(e: unknown): string {
  try {
    return JSON.stringify(e) ?? String(e);
  } catch {
    return String(e);
  }
}
