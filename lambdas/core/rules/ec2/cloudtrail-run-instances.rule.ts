/**
 * Rule cloudtrail-run-instances: a successful EC2 `RunInstances` call in CloudTrail names each
 * launched instance with its private addresses (`responseElements.instancesSet`). Entity
 * resolution, not evidence: it tells the state which IPs an instance holds at launch — written by
 * AWS, minutes before the instance's first flow-log record arrives — so an ephemeral CI runner
 * whose dockerd logs name it only by instance id meets the CIDRs of `approvedBuilders.hosts` from
 * its first build on (with flow logs alone, its first build and push would be judged before any
 * record had said which IP it holds). Same signals from a trail file, CloudWatch Logs or the
 * EventBridge "AWS API Call via CloudTrail" event.
 */
import type { InstanceLinkSignal } from '../../model/signal';
import { asObject, isAccountId, isoTime, isRegion, type JsonObject, objAt, reasonValue, str } from '../../records/ecr/fields';
import type { CloudTrailRecord } from '../../records/ecr/types';
import { canonicalIp } from '../../util/cidr';
import { stableId } from '../../util/hash';
import { NO_SIGNAL, type Rule, type RuleContext, type RuleOutcome, signalsOutcome } from '../rule';
import { isHostAddress } from '../vpc-flow/instance-ip.rule';

const ID = 'cloudtrail-run-instances';
const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;
/** RunInstances launches at most a few hundred instances per call; a record claiming more is capped. */
const MAX_LINKS = 512;

/** The `items` array of a CloudTrail `…Set` ({items: [...]}, or `item` in some older records). */
function items(set: JsonObject | undefined): JsonObject[] {
  const list = set?.items ?? set?.item;
  if (!Array.isArray(list)) return [];
  const out: JsonObject[] = [];
  for (const x of list as unknown[]) {
    const o = asObject(x);
    if (o) out.push(o);
  }
  return out;
}

/** Every private address of a launched instance: its primary IP, each interface's IPv4 and IPv6 addresses. */
function addressesOf(instance: JsonObject): string[] {
  const raw = [str(instance, 'privateIpAddress')];
  for (const eni of items(objAt(instance, 'networkInterfaceSet'))) {
    raw.push(str(eni, 'privateIpAddress'));
    for (const a of items(objAt(eni, 'privateIpAddressesSet'))) raw.push(str(a, 'privateIpAddress'));
    for (const a of items(objAt(eni, 'ipv6AddressesSet'))) raw.push(str(a, 'ipv6Address'));
  }
  const ips = new Set<string>();
  for (const r of raw) {
    const ip = r === undefined ? undefined : canonicalIp(r);
    if (ip !== undefined && isHostAddress(ip)) ips.add(ip);
  }
  return [...ips];
}

function evaluateRunInstances(r: CloudTrailRecord, ctx: RuleContext): RuleOutcome {
  if (r.eventSource !== 'ec2.amazonaws.com' || r.eventName !== 'RunInstances') return NO_SIGNAL;
  const errorCode = r.errorCode;
  if (errorCode !== undefined && errorCode !== null && errorCode !== '') return { ignore: `cloudtrail:error-ignored:${reasonValue(String(errorCode))}` };
  const time = isoTime(r.eventTime);
  if (time === undefined) return { reject: 'cloudtrail:invalid-time', detail: r.eventTime };
  const response = objAt(r, 'responseElements');
  // The instances' account: the reservation's owner, else the trail's recipient.
  const account = str(response, 'ownerId') ?? str(r, 'recipientAccountId') ?? ctx.account;
  const region = str(r, 'awsRegion') ?? ctx.region;
  if (!isAccountId(account) || !isRegion(region)) return { reject: 'cloudtrail:invalid-account-or-region', detail: `${account}/${region}` };
  // CloudTrail leaves responseElements out when the response was too large: nothing to learn.
  const launched = items(objAt(response, 'instancesSet'));
  if (launched.length === 0) return { ignore: 'cloudtrail:run-instances-without-instances' };

  const signals: InstanceLinkSignal[] = [];
  for (const instance of launched) {
    const instanceId = str(instance, 'instanceId');
    if (instanceId === undefined || !INSTANCE_ID.test(instanceId)) continue;
    for (const ip of addressesOf(instance)) {
      if (signals.length >= MAX_LINKS) break;
      signals.push({
        kind: 'link',
        id: stableId(ID, instanceId, ip, time),
        rule: ID,
        time,
        source: 'cloudtrail',
        ref: ctx.ref,
        account,
        region,
        host: { instanceId, ip },
        link: 'instance-ip',
        instanceId,
        ip,
      });
    }
  }
  return signals.length > 0 ? signalsOutcome(...signals) : { reject: 'cloudtrail:run-instances-unreadable', detail: 'no launched instance with an instance id and a private address' };
}

export const cloudTrailRunInstances: Rule<CloudTrailRecord> = {
  id: ID,
  source: 'cloudtrail',
  title: 'EC2 instances launched with their private IPs (CloudTrail RunInstances)',
  description:
    'Entity resolution: maps each instance a successful RunInstances call launched to its private IPv4 and IPv6 addresses, as AWS wrote them at launch, ' +
    'so a build host named only by instance id (an ephemeral CI runner) meets the host CIDRs of approvedBuilders and its egress before its first flow-log record arrives.',
  evaluate: evaluateRunInstances,
};
