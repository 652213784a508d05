/**
 * The member-account side of cross-account CloudWatch Logs: subscription filters that send a member
 * account's EKS audit logs (`/aws/eks/<cluster>/cluster`, with the same filter pattern the central
 * stack uses, `EKS_AUDIT_FILTER_PATTERN`) and host logs (dockerd, auditd) to the detector's
 * `an1261-logs` destination (`CrossAccountLogs`) in the security account. When the destination's
 * policy names the organisation rather than the account, CloudWatch Logs validates each
 * subscription through a role of the member account (AWS's "only if using an organization" step):
 * `MemberAccountLogs` creates it, allowed only `logs:PutLogEvents` on the subscribed groups.
 *
 * `An1261MemberStack` wraps it as a stack whose template deploys as a CloudFormation StackSet over
 * the organisation (no assets, no bootstrap check): `npx cdk synth -a "npx tsx bin/member-app.ts"
 * -c destinationArn=arn:aws:logs:… -c eksClusters=prod,ci -c hostLogGroups=/ec2/docker`.
 *
 * @example
 * new MemberAccountLogs(this, 'Logs', { destinationArn: 'arn:aws:logs:eu-west-1:999999999999:destination:an1261-logs', eksClusters: ['prod'] });
 */
import { Stack, type StackProps, DefaultStackSynthesizer } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { EKS_AUDIT_FILTER_PATTERN } from './ingest-sources';
import { acknowledgeMemberNagFindings } from './nag-acknowledgements';

export interface MemberAccountLogsProps {
  /** ARN of the detector's CloudWatch Logs destination (the central stack's `LogsDestinationArn` output). */
  readonly destinationArn: string;
  /**
   * EKS clusters of this account whose control-plane log group `/aws/eks/<name>/cluster` is
   * subscribed (audit logging must be on; the group must exist).
   * @default no EKS cluster
   */
  readonly eksClusters?: string[];
  /**
   * Container-host log groups (dockerd debug logs, auditd) subscribed with no filter; they must match
   * a `sources.hostLogs` glob of the detector's config to be routed as host logs.
   * @default no host log group
   */
  readonly hostLogGroups?: string[];
  /**
   * Create the role CloudWatch Logs assumes in this account to validate each subscription, and name
   * it in the filters. Required when the destination's policy names the organisation
   * (`accounts.organizationId`); harmless when it lists the account.
   * @default true
   */
  readonly subscriptionRole?: boolean;
  /**
   * Name of the subscription filters (a log group holds at most two).
   * @default 'an1261'
   */
  readonly filterName?: string;
}

export class MemberAccountLogs extends Construct {
  /** One per subscribed log group, by log group name. */
  readonly filters: Record<string, logs.CfnSubscriptionFilter> = {};
  /** The role CloudWatch Logs assumes to validate the subscriptions, unless `subscriptionRole` is false. */
  readonly role?: iam.Role;
  /** The subscribed log groups, EKS first. */
  readonly logGroups: string[];
  /** The log streams of those groups (ARN patterns) the subscription role may put events into; empty without it. */
  readonly logStreamArns: string[] = [];

  constructor(scope: Construct, id: string, props: MemberAccountLogsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const eks = (props.eksClusters ?? []).map((c) => ({ group: `/aws/eks/${c}/cluster`, pattern: EKS_AUDIT_FILTER_PATTERN }));
    const host = (props.hostLogGroups ?? []).map((g) => ({ group: g, pattern: '' }));
    const subscriptions = [...eks, ...host];
    if (subscriptions.length === 0) throw new Error('MemberAccountLogs: name at least one EKS cluster or host log group to subscribe');
    const dup = subscriptions.map((s) => s.group).find((g, i, all) => all.indexOf(g) !== i);
    if (dup) throw new Error(`MemberAccountLogs: log group ${dup} is named twice`);
    this.logGroups = subscriptions.map((s) => s.group);

    if (props.subscriptionRole ?? true) {
      this.role = new iam.Role(this, 'SubscriptionRole', {
        description: 'AN1261: CloudWatch Logs validates the subscriptions of this account to the detector cross-account destination',
        // AWS documents this trust without conditions (it is not the confused-deputy-prone destination
        // role): only this account can pass it to a subscription filter, and it may only put events
        // into the subscribed groups.
        assumedBy: new iam.ServicePrincipal('logs.amazonaws.com'),
      });
      this.logStreamArns.push(...this.logGroups.map((g) => `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:${g}:*`));
      this.role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:PutLogEvents'], resources: [...this.logStreamArns] }));
    }

    subscriptions.forEach((s, i) => {
      const filter = new logs.CfnSubscriptionFilter(this, `Subscription${i}`, {
        logGroupName: s.group,
        destinationArn: props.destinationArn,
        filterPattern: s.pattern,
        filterName: props.filterName ?? 'an1261',
        ...(this.role ? { roleArn: this.role.roleArn } : {}),
      });
      if (this.role) filter.node.addDependency(this.role);
      this.filters[s.group] = filter;
    });
  }
}

export interface An1261MemberStackProps extends StackProps {
  /** What to subscribe and where to send it. */
  readonly logs: MemberAccountLogsProps;
}

/**
 * A member account's stack: `MemberAccountLogs` alone, synthesized without the CDK bootstrap
 * version check so the template deploys as a StackSet (service-managed, over OUs of the
 * organisation) where no account is bootstrapped. cdk-nag acknowledgements are applied.
 */
export class An1261MemberStack extends Stack {
  /** The subscriptions. */
  readonly memberLogs: MemberAccountLogs;

  constructor(scope: Construct, id: string, props: An1261MemberStackProps) {
    super(scope, id, { synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }), ...props });
    this.memberLogs = new MemberAccountLogs(this, 'Logs', props.logs);
    acknowledgeMemberNagFindings(this.memberLogs);
  }
}
