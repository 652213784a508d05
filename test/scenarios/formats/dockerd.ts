/**
 * dockerd debug logs (`"debug": true` logs every API call): logrus text (`DEBU[<time>] Calling …`),
 * logfmt, or logfmt behind a journald prefix. Shipped by the CloudWatch agent to a log group with the
 * instance id as stream name (a decoded subscription payload), or exported as a plain file.
 */
export type DockerdStyle = 'logrus' | 'logfmt' | 'journald';

export interface DockerdLine {
  at: number;
  msg: string;
  level?: 'debug' | 'info';
}

const nanos = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_, f: string) => `.${f}${String((ms * 31) % 1000000).padStart(6, '0')}Z`);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatDockerd(line: DockerdLine, style: DockerdStyle, hostname = 'localhost'): string {
  const level = line.level ?? 'debug';
  if (style === 'logrus') return `${level === 'debug' ? 'DEBU' : 'INFO'}[${nanos(line.at)}] ${line.msg}`;
  const logfmt = `time="${nanos(line.at)}" level=${level} msg="${line.msg.replace(/"/g, '\\"')}"`;
  if (style === 'logfmt') return logfmt;
  const d = new Date(line.at);
  const prefix = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, '0')} ${d.toISOString().slice(11, 19)}`;
  return `${prefix} ${hostname} dockerd[1187]: ${logfmt}`;
}

const enc = encodeURIComponent;

/** `docker build -t <image>` as the API call the CLI makes (classic builder, or BuildKit with version=2). */
export function buildCall(image: string | undefined, buildkit: boolean, api = '1.45'): string {
  const tag = image ? `&t=${enc(image)}` : '';
  return `Calling POST /v${api}/build?buildargs=%7B%7D&cachefrom=%5B%5D&cgroupparent=&cpuperiod=0&cpuquota=0&cpusetcpus=&cpusetmems=&cpushares=0&dockerfile=Dockerfile&labels=%7B%7D&memory=0&memswap=0&networkmode=default&rm=1&shmsize=0${tag}&target=&ulimits=null&version=${buildkit ? '2' : '1'}`;
}

/** `docker push <repository>:<tag>`: the repository in the path (sometimes URL-encoded), the tag in the query. */
export function pushCall(repository: string, tag: string, encoded = false, api = '1.45'): string {
  return `Calling POST /v${api}/images/${encoded ? enc(repository) : repository}/push?tag=${enc(tag)}`;
}

/** Ordinary API traffic of a container host (health checks, listing, pulls, container lifecycle). */
export function noiseCall(pick: number, image: string, api = '1.45'): string {
  const calls = [
    'Calling HEAD /_ping',
    `Calling GET /v${api}/containers/json?all=1`,
    `Calling GET /v${api}/version`,
    `Calling POST /v${api}/images/create?fromImage=${enc(image.split(':')[0]!)}&tag=${enc(image.split(':')[1] ?? 'latest')}`,
    `Calling POST /v${api}/containers/create?name=job-${pick}`,
    `Calling GET /v${api}/info`,
  ];
  return calls[pick % calls.length]!;
}

/** A decoded CloudWatch Logs subscription payload of one host's stream (stream name = instance id). */
export function hostLogPayload(account: string, logGroup: string, logStream: string, messages: ReadonlyArray<{ at: number; message: string }>): string {
  const sorted = [...messages].sort((a, b) => a.at - b.at);
  const logEvents = sorted.map((m, i) => ({ id: `${m.at}${String(i).padStart(8, '0')}`, timestamp: m.at, message: m.message }));
  return `${JSON.stringify({ messageType: 'DATA_MESSAGE', owner: account, logGroup, logStream, subscriptionFilters: ['an1261-host'], logEvents }, null, 1)}\n`;
}
