/**
 * The pod spec of a workload object, read defensively: where each kind keeps its pod template,
 * what each container runs (image, command + args, privilege, mounts) and which hostPath volumes
 * it can see. Builder, socket-mount and deploy rules all read pods through this one view.
 */
import { type JsonObject, arrAt, asObject, objAt, strAt, stringsAt } from './json-fields';

export interface ContainerView {
  name: string;
  /** The image as written in the spec (not normalized). */
  image?: string;
  /** command followed by args, as the kubelet runs them. */
  argv: string[];
  privileged: boolean;
  /** Names of the volumes it mounts. */
  mounts: string[];
  section: 'containers' | 'initContainers' | 'ephemeralContainers';
}

export interface HostPathVolume {
  volume: string;
  path: string;
}

export interface PodSpecView {
  containers: ContainerView[];
  hostPaths: HostPathVolume[];
  nodeName?: string;
}

/** Workload kinds by objectRef.resource, for the API groups that serve them. */
export const WORKLOAD_KINDS: Readonly<Record<string, string>> = {
  pods: 'Pod',
  deployments: 'Deployment',
  statefulsets: 'StatefulSet',
  daemonsets: 'DaemonSet',
  replicasets: 'ReplicaSet',
  jobs: 'Job',
  cronjobs: 'CronJob',
};

const WORKLOAD_GROUPS: Readonly<Record<string, ReadonlySet<string>>> = {
  Pod: new Set(['']),
  Deployment: new Set(['apps', 'extensions']),
  StatefulSet: new Set(['apps']),
  DaemonSet: new Set(['apps', 'extensions']),
  ReplicaSet: new Set(['apps', 'extensions']),
  Job: new Set(['batch']),
  CronJob: new Set(['batch']),
};

/** The workload kind of a resource in an API group, or undefined (custom resources named `jobs` …). */
export function workloadKindOf(resource: string, apiGroup: string): string | undefined {
  const kind = WORKLOAD_KINDS[resource];
  return kind !== undefined && WORKLOAD_GROUPS[kind]!.has(apiGroup) ? kind : undefined;
}

/** The pod spec inside an object of a workload kind: Pod spec, template spec, or CronJob job template. */
export function podSpecObject(kind: string, object: JsonObject | undefined): JsonObject | undefined {
  const spec = objAt(object, 'spec');
  if (kind === 'Pod') return spec;
  if (kind === 'CronJob') return objAt(objAt(objAt(objAt(spec, 'jobTemplate'), 'spec'), 'template'), 'spec');
  return objAt(objAt(spec, 'template'), 'spec');
}

const SECTIONS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

function isPrivileged(sc: JsonObject | undefined): boolean {
  if (!sc) return false;
  if (sc['privileged'] === true) return true;
  // Privilege escalation with SYS_ADMIN gives mount and namespace powers a builder needs.
  if (sc['allowPrivilegeEscalation'] !== true) return false;
  const add = stringsAt(objAt(sc, 'capabilities'), 'add');
  return add.some((c) => {
    const u = c.toUpperCase();
    return u === 'SYS_ADMIN' || u === 'CAP_SYS_ADMIN' || u === 'ALL';
  });
}

function literalEnv(c: JsonObject): Map<string, string> {
  const env = new Map<string, string>();
  for (const e of arrAt(c, 'env')) {
    const o = asObject(e);
    const name = strAt(o, 'name');
    const value = o?.['value'];
    if (name && typeof value === 'string') env.set(name, value);
  }
  return env;
}

/**
 * Kubernetes expands `$(VAR)` in command and args from the container's literal env values
 * (`$$(VAR)` escapes); Tekton and kaniko manifests pass `--destination=$(IMAGE)` this way.
 */
function expandVars(argv: string[], container: JsonObject): string[] {
  if (!argv.some((a) => a.includes('$('))) return argv;
  const env = literalEnv(container);
  if (env.size === 0) return argv;
  return argv.map((a) =>
    a.replace(/\$?\$\(([A-Za-z_][\w.-]*)\)/g, (m, name: string) => {
      if (m.startsWith('$$')) return m.slice(1);
      return env.get(name) ?? m;
    }),
  );
}

function readContainer(c: JsonObject, section: ContainerView['section']): ContainerView {
  const mounts: string[] = [];
  for (const m of arrAt(c, 'volumeMounts')) {
    const name = strAt(asObject(m), 'name');
    if (name) mounts.push(name);
  }
  const image = strAt(c, 'image');
  return {
    name: strAt(c, 'name') ?? '',
    ...(image ? { image } : {}),
    argv: expandVars([...stringsAt(c, 'command'), ...stringsAt(c, 'args')], c),
    privileged: isPrivileged(objAt(c, 'securityContext')),
    mounts,
    section,
  };
}

/** Reads a pod spec object into the view the rules use. */
export function readPodSpec(spec: JsonObject): PodSpecView {
  const containers: ContainerView[] = [];
  for (const section of SECTIONS) {
    for (const c of arrAt(spec, section)) {
      const o = asObject(c);
      if (o) containers.push(readContainer(o, section));
    }
  }
  const hostPaths: HostPathVolume[] = [];
  for (const v of arrAt(spec, 'volumes')) {
    const vol = asObject(v);
    const path = strAt(objAt(vol, 'hostPath'), 'path');
    if (path) hostPaths.push({ volume: strAt(vol, 'name') ?? '', path });
  }
  const nodeName = strAt(spec, 'nodeName');
  return { containers, hostPaths, ...(nodeName ? { nodeName } : {}) };
}
