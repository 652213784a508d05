/**
 * Monitoring and security agents that run as DaemonSets with the node's container-runtime socket
 * mounted (so they can list containers), and the SaaS endpoints they report to.
 */
import type { ContainerSpec } from './formats/k8s';

export interface Agent {
  namespace: string;
  daemonSet: string;
  containers: ContainerSpec[];
  hostPaths: Record<string, string>;
  /** Where it sends data: public address prefix, port, flow-log v5 service (AMAZON for SaaS on AWS). */
  saas?: { prefix: string; port: number; service?: string };
  hostNetwork?: boolean;
}

export const AGENTS: Agent[] = [
  {
    namespace: 'datadog',
    daemonSet: 'datadog-agent',
    containers: [
      { name: 'agent', image: 'gcr.io/datadoghq/agent:7.58.2', mounts: { dockersocket: '/var/run/docker.sock', containerdsocket: '/var/run/containerd/containerd.sock', procdir: '/host/proc' } },
      { name: 'trace-agent', image: 'gcr.io/datadoghq/agent:7.58.2', command: ['trace-agent', '-config=/etc/datadog-agent/datadog.yaml'], mounts: { dockersocket: '/var/run/docker.sock' } },
    ],
    hostPaths: { dockersocket: '/var/run/docker.sock', containerdsocket: '/var/run/containerd/containerd.sock', procdir: '/proc' },
    saas: { prefix: '3.233.146', port: 443, service: 'AMAZON' },
  },
  {
    namespace: 'sysdig-agent',
    daemonSet: 'sysdig-agent',
    containers: [{ name: 'sysdig', image: 'quay.io/sysdig/agent:13.6.0', privileged: true, mounts: { 'docker-sock': '/host/var/run/docker.sock', 'dev-vol': '/host/dev', 'proc-vol': '/host/proc' } }],
    hostPaths: { 'docker-sock': '/var/run/docker.sock', 'dev-vol': '/dev', 'proc-vol': '/proc' },
    saas: { prefix: '35.184.12', port: 6443 },
    hostNetwork: true,
  },
  {
    namespace: 'kube-system',
    daemonSet: 'cadvisor',
    containers: [{ name: 'cadvisor', image: 'gcr.io/cadvisor/cadvisor:v0.49.1', mounts: { var_run: '/var/run', docker: '/var/lib/docker', sys: '/sys' } }],
    hostPaths: { var_run: '/var/run', docker: '/var/lib/docker', sys: '/sys' },
  },
  {
    namespace: 'falco',
    daemonSet: 'falco',
    containers: [{ name: 'falco', image: 'docker.io/falcosecurity/falco:0.39.1', privileged: true, args: ['/usr/bin/falco', '--cri', '/run/containerd/containerd.sock', '-pk'], mounts: { 'containerd-socket': '/host/run/containerd', 'proc-fs': '/host/proc' } }],
    hostPaths: { 'containerd-socket': '/run/containerd', 'proc-fs': '/proc' },
    saas: { prefix: '52.94.133', port: 443, service: 'AMAZON' },
  },
];
