/**
 * Safe reading of untrusted audit JSON: every accessor returns undefined (or an empty list)
 * instead of throwing, so a malformed event becomes a counted reason, never an exception.
 */

export type JsonObject = Readonly<Record<string, unknown>>;

/** The value as a plain JSON object; undefined for null, arrays and primitives. */
export function asObject(x: unknown): JsonObject | undefined {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as JsonObject) : undefined;
}

export function objAt(o: JsonObject | undefined, key: string): JsonObject | undefined {
  return asObject(o?.[key]);
}

/** A non-empty string field ("" means absent in these formats). */
export function strAt(o: JsonObject | undefined, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

export function arrAt(o: JsonObject | undefined, key: string): readonly unknown[] {
  const v = o?.[key];
  return Array.isArray(v) ? v : [];
}

/** The string items of an array field (user.groups, command, args). */
export function stringsAt(o: JsonObject | undefined, key: string): string[] {
  const out: string[] = [];
  for (const v of arrAt(o, key)) if (typeof v === 'string') out.push(v);
  return out;
}

/** The first string of an array field: `user.extra` values are always arrays. */
export function firstStringAt(o: JsonObject | undefined, key: string): string | undefined {
  const v = o?.[key];
  if (typeof v === 'string') return v || undefined;
  if (!Array.isArray(v)) return undefined;
  const first: unknown = v[0];
  return typeof first === 'string' && first.length > 0 ? first : undefined;
}
