/**
 * The fault injector for `npm run chaos`: a seeded plan and the SDK middlewares that carry it out.
 * Tooling, not shipped in the Lambdas (like fuzz/). See chaos/README.md.
 */
export { ATTEMPT_FAULT_KINDS, CALL_FAULT_KINDS, CALL_FAULT_OPERATIONS, FAULT_KINDS, FaultPlan } from './fault-plan';
export type { AttemptFaultKind, CallFaultKind, FaultKind, FaultPlanOptions } from './fault-plan';
export { ATTEMPT_FAULTS_MIDDLEWARE, CALL_FAULTS_MIDDLEWARE, PUBLISH_BURST_MAX, faultPlanOf, injectFaults, removeFaults } from './fault-middleware';
export type { StackClient } from './fault-middleware';
export { baseClientClasses, installFaultInjector } from './install-fault-injector';
export { isInjected } from './fault-errors';
