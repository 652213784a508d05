/**
 * Environment readers for the Lambda handlers. Handlers read their variables once at cold start;
 * a missing or malformed value throws an error that names the variable, so a misconfigured
 * function fails on its first invocation with a message that says what to fix.
 */
import { An1261Error } from '../../core/util/errors';

/** A typed view of the environment, so tests can pass a plain object instead of mutating process.env. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Thrown when a handler's environment is missing a variable or holds a bad value. */
export class EnvError extends An1261Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

/**
 * The value of a variable that must be set and non-empty.
 * @example const table = requiredEnv('STATE_TABLE_NAME');
 */
export function requiredEnv(name: string, env: Env = process.env): string {
  const value = env[name]?.trim();
  if (!value) throw new EnvError(name, 'required environment variable is not set');
  return value;
}

/** The value of an optional variable; unset and empty (or blank) both mean "absent". */
export function optionalEnv(name: string, env: Env = process.env): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/**
 * A "true"/"false" switch (case-insensitive); unset means `fallback`. Anything else throws, because
 * silently reading "flase" as false would switch a destination off.
 * @example const securityHubOn = booleanEnv('SECURITY_HUB_ENABLED', true);
 */
export function booleanEnv(name: string, fallback: boolean, env: Env = process.env): boolean {
  const value = optionalEnv(name, env);
  if (value === undefined) return fallback;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw new EnvError(name, `must be "true" or "false", got ${JSON.stringify(value.slice(0, 40))}`);
}
