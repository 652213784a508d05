/**
 * What the host-log rules (lambdas/core/rules/host) evaluate: one Docker Engine API call read from a
 * dockerd line, or one process execution assembled from audit records. Time and host are resolved
 * by the normalizer, so rules only decide which facts become signals.
 */
import type { HostRef } from '../../model/signal';
import type { DockerApiCall } from './dockerd-api-call';

interface HostFact {
  /** Event time, epoch ms (the line's own timestamp, else its prefix's, else the envelope's). */
  timeMs: number;
  host?: HostRef;
  /** Identity of the source fact (host, time as written, request/serial): input of signal ids. */
  identity: string;
}

export interface DockerdApiRecord extends HostFact {
  call: DockerApiCall;
}

export interface AuditExecRecord extends HostFact {
  /** The executed command line, argument by argument. */
  argv: string[];
  /** Executable path from the SYSCALL record. */
  exe?: string;
  cwd?: string;
  /** Login user (auid) or, when unset, the user (uid): a name when the log is enriched, else the number. */
  osUser?: string;
}
