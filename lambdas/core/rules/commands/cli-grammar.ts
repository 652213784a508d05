/**
 * Options that take a value, per CLI and subcommand: what lets the recognizer find the subcommand
 * (`docker -H tcp://x --context c build`) and the image of `docker run [opts] IMAGE CMD…` without
 * taking an option's value for a word. Options not listed are taken for flags without a value.
 */
import type { ValueOptions } from './option-scan';

const set = (...s: string[]): ValueOptions => new Set(s);

/** Global options before the subcommand. */
export const GLOBAL_VALUES = {
  docker: set('-H', '--host', '-c', '--context', '--config', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey'),
  nerdctl: set(
    '-n', '--namespace', '-a', '--address', '--host', '-H', '--snapshotter', '--storage-driver', '--cni-path', '--cni-netconfpath',
    '--data-root', '--cgroup-manager', '--hosts-dir', '--bridge-ip', '--host-gateway-ip', '--global-dns', '--global-dns-opts', '--global-dns-search',
  ),
  podman: set(
    '--url', '-c', '--connection', '--identity', '--root', '--runroot', '--storage-driver', '--storage-opt', '--log-level', '--cgroup-manager',
    '--runtime', '--runtime-flag', '--tmpdir', '--events-backend', '--module', '--imagestore', '--registries-conf', '--network-cmd-path',
    '--network-config-dir', '--conmon', '--hooks-dir', '--volumepath', '--db-backend', '--out', '--ssh', '--config',
  ),
  buildah: set(
    '--root', '--runroot', '--storage-driver', '--storage-opt', '--registries-conf', '--registries-conf-dir', '--userns-uid-map',
    '--userns-gid-map', '--log-level', '--cgroup-manager', '--short-name-alias-conf', '--default-mounts-file', '--cpu-profile', '--memory-profile',
  ),
  buildctl: set('--addr', '--tlsservername', '--tlscacert', '--tlscert', '--tlskey', '--tlsdir', '--timeout', '--log-format'),
  img: set('-b', '--backend', '-s', '--state'),
  compose: set('-f', '--file', '-p', '--project-name', '--profile', '--env-file', '--project-directory', '--ansi', '--progress', '--parallel'),
  // skaffold's persistent flags (-v/--verbosity LEVEL, --color CODE) may precede its subcommand
  skaffold: set('-v', '--verbosity', '--color'),
  kubectl: set(
    '-n', '--namespace', '--context', '--kubeconfig', '-s', '--server', '--cluster', '--user', '--token', '--as', '--as-group', '--as-uid',
    '--certificate-authority', '--client-certificate', '--client-key', '--request-timeout', '--tls-server-name', '-v', '--v', '--vmodule',
    '--log-dir', '--log-file', '--profile', '--profile-output', '--cache-dir', '--username', '--password',
  ),
} as const;

/** `docker buildx --builder ci build`. */
export const BUILDX_VALUES = set('--builder');

/** Options of push and commit (union over the CLIs: none of them conflict). */
export const PUSH_COMMIT_VALUES = set(
  '--platform', '--authfile', '--cert-dir', '--creds', '--digestfile', '-f', '--format', '--compression-format',
  '--compression-level', '--encryption-key', '--encrypt-layer', '--sign-by', '--sign-passphrase-file', '--sign-by-sigstore',
  '--sign-by-sigstore-private-key', '--signature-policy', '--retry', '--retry-delay', '-a', '--author', '-c', '--change',
  '-m', '--message', '--iidfile', '--config', '--identity-label', '--manifest', '--rm-signatures', '--snapshotter',
);

/** Options of `run` / `container run` (docker, podman, nerdctl) before the image. */
export const RUN_VALUES = set(
  '--add-host', '--annotation', '-a', '--attach', '--blkio-weight', '--blkio-weight-device', '--cap-add', '--cap-drop', '--cgroup-parent',
  '--cgroupns', '--cidfile', '--cpu-period', '--cpu-quota', '--cpu-rt-period', '--cpu-rt-runtime', '-c', '--cpu-shares', '--cpus',
  '--cpuset-cpus', '--cpuset-mems', '--detach-keys', '--device', '--device-cgroup-rule', '--device-read-bps', '--device-read-iops',
  '--device-write-bps', '--device-write-iops', '--dns', '--dns-option', '--dns-opt', '--dns-search', '--domainname', '--entrypoint', '-e', '--env',
  '--env-file', '--expose', '--gpus', '--group-add', '--health-cmd', '--health-interval', '--health-retries', '--health-start-interval',
  '--health-start-period', '--health-timeout', '-h', '--hostname', '--ip', '--ip6', '--ipc', '--isolation', '--kernel-memory', '-l', '--label',
  '--label-file', '--link', '--link-local-ip', '--log-driver', '--log-opt', '--mac-address', '-m', '--memory', '--memory-reservation',
  '--memory-swap', '--memory-swappiness', '--mount', '--name', '--network', '--net', '--network-alias', '--net-alias', '--oom-score-adj',
  '--pid', '--pids-limit', '--platform', '-p', '--publish', '--pull', '--restart', '--runtime', '--security-opt', '--shm-size',
  '--stop-signal', '--stop-timeout', '--storage-opt', '--sysctl', '--tmpfs', '--ulimit', '-u', '--user', '--userns', '--uts', '-v',
  '--volume', '--volume-driver', '--volumes-from', '-w', '--workdir',
  // podman and nerdctl additions
  '--arch', '--os', '--variant', '--authfile', '--cert-dir', '--chrootdirs', '--conmon-pidfile', '--creds', '--decryption-key',
  '--env-merge', '--gidmap', '--uidmap', '--subuidname', '--subgidname', '--hostuser', '--init-path', '--passwd-entry', '--personality',
  '--pidfile', '--pod', '--pod-id-file', '--preserve-fds', '--requires', '--sdnotify', '--seccomp-policy', '--secret', '--timeout', '--tz',
  '--umask', '--unsetenv', '--image-volume', '--group-entry', '--health-on-failure', '--hosts-file', '--retry', '--retry-delay',
  '--shm-size-systemd', '--systemd', '--rdt-class', '--cidfile', '--log-level', '--snapshotter', '--namespace',
);

/** Options of `exec` / `container exec` before the container. */
export const EXEC_VALUES = set('-e', '--env', '--env-file', '-u', '--user', '-w', '--workdir', '--detach-keys', '--preserve-fds');

/** Options of `pack build IMAGE` that take a value (its global flags take none). */
export const PACK_BUILD_VALUES = set(
  '-p', '--path', '-b', '--buildpack', '--extension', '--insecure-registry', '-B', '--builder', '--cache', '--cache-image',
  '--creation-time', '-d', '--descriptor', '-D', '--default-process', '-e', '--env', '--env-file', '--network', '--pre-buildpack',
  '--post-buildpack', '--docker-host', '--lifecycle-image', '--platform', '--pull-policy', '--exec-env', '-r', '--buildpack-registry',
  '--run-image', '-t', '--tag', '--volume', '--workspace', '--gid', '--uid', '--previous-image', '--sbom-output-dir', '--report-output-dir',
);

/**
 * Flags of the CNB lifecycle (`creator`, `exporter`: Go `flag` syntax, one or two dashes, names
 * without the dashes) that are boolean; every other flag takes a value (`-app /workspace`).
 */
export const LIFECYCLE_BOOLEANS: ReadonlySet<string> = new Set(['daemon', 'layout', 'no-color', 'parallel', 'skip-layers', 'skip-restore', 'version', 'force']);

/**
 * Maven options that take a value. Maven matches options whole (`-pl`, `-rf`, `-gs` are single
 * options, not letter clusters); attached forms (`-Pci`, `-T4`, `-Dk=v`) are one word.
 */
export const MAVEN_VALUES = set(
  '-b', '--builder', '-D', '--define', '-emp', '--encrypt-master-password', '-ep', '--encrypt-password', '-f', '--file', '-gs',
  '--global-settings', '-gt', '--global-toolchains', '-l', '--log-file', '-P', '--activate-profiles', '-pl', '--projects', '-rf',
  '--resume-from', '-s', '--settings', '-T', '--threads', '-t', '--toolchains', '--color',
);

/**
 * Gradle options that take a value (matched whole, like Maven's), and the jib task's `--image`.
 * `-x`/`--exclude-task` takes a task name: `gradle build -x jib` does not run jib.
 */
export const GRADLE_VALUES = set(
  '-b', '--build-file', '-c', '--settings-file', '-D', '--system-prop', '-P', '--project-prop', '-g', '--gradle-user-home', '-p',
  '--project-dir', '-I', '--init-script', '-x', '--exclude-task', '--include-build', '--console', '--warning-mode', '--priority',
  '--max-workers', '-M', '--write-verification-metadata', '-F', '--dependency-verification', '--project-cache-dir', '--update-locks',
  '--configuration-cache-problems', '--image',
);
