/** The host-log rules, in evaluation order: dockerd API calls and audited execs. */
import type { AuditExecRecord, DockerdApiRecord } from '../../records/host/host-records';
import type { RuleRegistry } from '../rule';
import { dockerdBuild } from './dockerd-build.rule';
import { dockerdBuildkitGrpc } from './dockerd-buildkit-grpc.rule';
import { dockerdCommit } from './dockerd-commit.rule';
import { dockerdImageCreate } from './dockerd-image-create.rule';
import { dockerdPush } from './dockerd-push.rule';
import { execveBuild } from './execve-build.rule';
import { execvePush } from './execve-push.rule';

export const DOCKERD_RULES: RuleRegistry<DockerdApiRecord> = [dockerdBuild, dockerdBuildkitGrpc, dockerdCommit, dockerdImageCreate, dockerdPush];
export const AUDITD_RULES: RuleRegistry<AuditExecRecord> = [execveBuild, execvePush];
