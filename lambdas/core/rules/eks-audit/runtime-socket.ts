/**
 * Host paths that hand a pod the node's container runtime: the runtime sockets themselves
 * (docker.sock, containerd.sock …) or a parent directory that contains one (/var/run, /run, /).
 * With such a mount a pod can build and run images on the node, outside any pipeline.
 */
import type { PodSpecView } from '../../records/eks-audit/pod-spec';

const SOCKETS: Readonly<Record<string, string>> = {
  'docker.sock': 'docker',
  'cri-dockerd.sock': 'docker',
  'dockershim.sock': 'docker',
  'containerd.sock': 'containerd',
  'buildkitd.sock': 'buildkit',
  'crio.sock': 'cri-o',
  'podman.sock': 'podman',
};

/** Directories holding a runtime socket or the runtime's image store, with the runtime when only one fits. */
const PARENT_DIRS: ReadonlyMap<string, string> = new Map([
  ['/', ''],
  ['/var', ''],
  ['/run', ''],
  ['/var/run', ''],
  ['/var/run/docker', 'docker'],
  ['/run/docker', 'docker'],
  ['/var/lib/docker', 'docker'],
  ['/var/run/cri-dockerd', 'docker'],
  ['/run/cri-dockerd', 'docker'],
  ['/run/containerd', 'containerd'],
  ['/var/run/containerd', 'containerd'],
  ['/var/lib/containerd', 'containerd'],
  ['/run/buildkit', 'buildkit'],
  ['/var/run/buildkit', 'buildkit'],
  ['/run/crio', 'cri-o'],
  ['/var/run/crio', 'cri-o'],
  ['/run/podman', 'podman'],
  ['/var/run/podman', 'podman'],
]);

/** `//var/run/` → `/var/run`; `.` segments dropped, `..` resolved. */
export function normalizeHostPath(path: string): string {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

/** The runtime a host path exposes: its name, '' for a directory any runtime may use, undefined for neither. */
export function runtimeOfHostPath(path: string): string | undefined {
  const p = normalizeHostPath(path);
  const base = p.slice(p.lastIndexOf('/') + 1);
  const tool = SOCKETS[base];
  if (tool) return tool;
  const dir = PARENT_DIRS.get(p);
  if (dir !== undefined) return dir;
  if (p.startsWith('/run/containerd/') || p.startsWith('/var/run/containerd/')) return 'containerd';
  return undefined;
}

export interface RuntimeMount {
  /** Normalized host paths, in volume order. */
  hostPaths: string[];
  /** The runtime named by the first specific socket or runtime directory mounted. */
  runtime?: string;
}

/** Runtime-socket hostPath volumes that some container actually mounts. */
export function runtimeMounts(spec: PodSpecView): RuntimeMount | undefined {
  if (spec.hostPaths.length === 0) return undefined;
  const mounted = new Set<string>();
  for (const c of spec.containers) for (const m of c.mounts) mounted.add(m);
  const hostPaths: string[] = [];
  let runtime: string | undefined;
  for (const v of spec.hostPaths) {
    const r = runtimeOfHostPath(v.path);
    if (r === undefined || !mounted.has(v.volume)) continue;
    const p = normalizeHostPath(v.path);
    if (!hostPaths.includes(p)) hostPaths.push(p);
    if (r && !runtime) runtime = r;
  }
  return hostPaths.length > 0 ? { hostPaths, ...(runtime ? { runtime } : {}) } : undefined;
}
