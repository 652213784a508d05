/** A JSON object (not null, not an array): the guard every parser of untrusted JSON starts with. */
export function isJsonObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
