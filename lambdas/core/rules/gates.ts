/**
 * The hidden gates: filters that drop events before any rule evaluates them. A rule whose positive
 * events a gate drops never fires in production, however well its own tests pass, so every rule's
 * positive events are fed through both gates by test/core/rules/gates.test.ts.
 *
 *  1. `auditPreFilter`: the EKS audit normalizer's cheap test on an event's request key (verb,
 *     resource, subresource, user), applied before the audit record is built; it returns the
 *     counted reason of an event no rule needs.
 *  2. `EKS_AUDIT_FILTER_PATTERN`: the CloudWatch Logs subscription filter pattern of the EKS
 *     control-plane log groups (lib/ingest-sources.ts), applied by AWS before the ingest Lambda is
 *     invoked: an event it does not match is never delivered, and never counted.
 */
export { auditPreFilter } from './eks-audit/audit-pre-filter';

/**
 * Audit events only (the cluster log group also holds api, authenticator, scheduler … logs), and no
 * reads: get/list/watch are most of the audit volume and never a signal — except `get` on
 * pods/exec, which is how websocket clients exec. CloudWatch Logs JSON filter-pattern syntax.
 */
export const EKS_AUDIT_FILTER_PATTERN =
  '{ ($.kind = "Event") && ($.verb != "list") && ($.verb != "watch") && (($.verb != "get") || ($.objectRef.subresource = "exec")) }';
