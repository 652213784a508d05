/**
 * The Docker Engine API call behind a dockerd debug message `Calling POST /v1.40/build?t=app%3A1`
 * (logged by the daemon's debug middleware for every request): method, API version (/v1.24 …
 * /v1.47, or none), the endpoint it names, and the URL-decoded query.
 */

export type DockerApiEndpoint = 'build' | 'grpc' | 'session' | 'commit' | 'image-create' | 'image-push' | 'other';

export interface DockerApiCall {
  method: string;
  /** The request URI as logged (still URL-encoded): evidence for people. */
  requestUri: string;
  /** e.g. `1.41`; absent for unversioned calls. */
  apiVersion?: string;
  /** Path without the version prefix, e.g. `/build`, `/images/app/push`. */
  path: string;
  endpoint: DockerApiEndpoint;
  /** Query parameters, URL-decoded, every value of repeated keys in order. */
  query: ReadonlyMap<string, readonly string[]>;
  /** `/images/<name>/push`: the URL-decoded name (may hold a registry host and slashes). */
  imageName?: string;
}

/** URL-decodes a query component (`+` is a space in form encoding); malformed escapes stay as written. */
export function decodeComponent(s: string): string {
  if (!s.includes('%') && !s.includes('+')) return s;
  const spaced = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

export function parseQuery(qs: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (qs.length === 0) return out;
  for (const pair of qs.split('&')) {
    if (pair.length === 0) continue;
    const eq = pair.indexOf('=');
    const key = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1));
    const list = out.get(key);
    if (list) list.push(value);
    else out.set(key, [value]);
  }
  return out;
}

/** First value of a query key, or undefined when absent. */
export function queryValue(call: DockerApiCall, key: string): string | undefined {
  return call.query.get(key)?.[0];
}

function endpointOf(method: string, path: string): { endpoint: DockerApiEndpoint; imageName?: string } {
  if (method !== 'POST') return { endpoint: 'other' };
  switch (path) {
    case '/build':
      return { endpoint: 'build' };
    case '/grpc':
      return { endpoint: 'grpc' };
    case '/session':
      return { endpoint: 'session' };
    case '/commit':
      return { endpoint: 'commit' };
    case '/images/create':
      return { endpoint: 'image-create' };
  }
  if (path.startsWith('/images/') && path.endsWith('/push') && path.length > '/images//push'.length) {
    return { endpoint: 'image-push', imageName: decodeComponent(path.slice('/images/'.length, -'/push'.length)) };
  }
  return { endpoint: 'other' };
}

/** Parses the message `Calling <METHOD> <URI>`; undefined for any other message. */
export function parseApiCall(msg: string): DockerApiCall | undefined {
  if (!msg.startsWith('Calling ')) return undefined;
  const methodEnd = msg.indexOf(' ', 8);
  if (methodEnd < 0) return undefined;
  const method = msg.slice(8, methodEnd);
  let uriEnd = msg.indexOf(' ', methodEnd + 1);
  if (uriEnd < 0) uriEnd = msg.length;
  const requestUri = msg.slice(methodEnd + 1, uriEnd);
  if (!/^[A-Z]+$/.test(method) || requestUri[0] !== '/') return undefined;
  const q = requestUri.indexOf('?');
  let path = q < 0 ? requestUri : requestUri.slice(0, q);
  let apiVersion: string | undefined;
  const v = /^\/v(\d+\.\d+)(?=\/)/.exec(path);
  if (v) {
    apiVersion = v[1];
    path = path.slice(v[0].length);
  }
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  const { endpoint, imageName } = endpointOf(method, path);
  return {
    method,
    requestUri,
    ...(apiVersion ? { apiVersion } : {}),
    path,
    endpoint,
    query: parseQuery(q < 0 ? '' : requestUri.slice(q + 1)),
    ...(imageName !== undefined ? { imageName } : {}),
  };
}
