/**
 * Host-log readiness: the configured host-log groups exist, are retained, subscribed and recent,
 * and actually carry what the detector reads — dockerd debug API lines (`Calling POST /v1.45/build`)
 * or auditd EXECVE records. dockerd logs API requests only with debug logging on.
 */
import { type CheckResult, fail, guarded, pass, warn } from './check-result';
import type { DoctorContext } from './doctor-context';
import { formatAge } from './duration';
import { checkLogGroup } from './log-group-checks';

const API_LINE = /Calling (?:GET|HEAD|POST|PUT|DELETE|PATCH) \/[^\s"]{0,60}/;
const EXECVE = /type=EXECVE\b/;
const LOOKBACK_MS = 24 * 3_600_000;

const DEBUG_FIX =
  'on each host add "debug": true to /etc/docker/daemon.json and run `sudo kill -HUP $(pidof dockerd)` (debug reloads without a restart); ' +
  'or record builds with auditd: `auditctl -a always,exit -F arch=b64 -S execve -k an1261`';

async function contentCheck(ctx: DoctorContext, group: string): Promise<CheckResult> {
  const id = 'host-logs.api-lines';
  const hit = await ctx.reader.logs.findEvent(group, {
    // CloudWatch filter syntax: either term; the exact shape is checked on the events returned.
    filterPattern: '?"Calling" ?"EXECVE"',
    startTime: ctx.now - LOOKBACK_MS,
    endTime: ctx.now,
    accept: (m) => API_LINE.test(m) || EXECVE.test(m),
  });
  if (!hit) {
    return warn(id, group, 'no dockerd `Calling <METHOD> /…` debug line and no auditd EXECVE record in the last 24 h: dockerd debug logging looks off, so `docker build` on these hosts is invisible', DEBUG_FIX);
  }
  const api = API_LINE.exec(hit.message)?.[0];
  const what = api ? `dockerd debug API lines present, e.g. "${api}"` : 'auditd EXECVE records present';
  return pass(id, group, `${what} (${formatAge(hit.timestamp, ctx.now)} ago, stream ${hit.stream})`);
}

async function checkEntry(ctx: DoctorContext, glob: string): Promise<CheckResult[]> {
  const groups = await ctx.reader.logs.findLogGroups(glob);
  if (groups.length === 0) {
    return [fail('host-logs.log-group', glob, `config sources.hostLogs names ${JSON.stringify(glob)}, which matches no log group in ${ctx.region}`, `install the CloudWatch agent on the container hosts with dockerd's journal (or /var/log/docker) and /var/log/audit/audit.log shipped to a group matching ${glob}`)];
  }
  const out: CheckResult[] = [];
  for (const group of groups) {
    out.push(pass('host-logs.log-group', group.name, `matches config ${JSON.stringify(glob)}`));
    out.push(
      ...(await checkLogGroup(ctx, {
        area: 'host-logs',
        group,
        silentFix: `check the CloudWatch agent runs on the hosts and ships to ${group.name} (sudo systemctl status amazon-cloudwatch-agent)`,
        subscribeFix: `keep ${JSON.stringify(glob)} in sources.hostLogs and run \`npx cdk deploy\`: the stack subscribes the detector to ${group.name}`,
      })),
    );
    out.push(...(await guarded('host-logs.api-lines', group.name, async () => [await contentCheck(ctx, group.name)])));
  }
  return out;
}

export async function hostLogChecks(ctx: DoctorContext): Promise<CheckResult[]> {
  const entries = ctx.config.sources.hostLogs;
  if (entries.length === 0) {
    return [
      warn(
        'host-logs.config',
        'config',
        'no host-log groups in sources.hostLogs: `docker build` on EC2 hosts outside Kubernetes is invisible',
        'ship dockerd (debug) and auditd logs with the CloudWatch agent to a log group such as /ec2/docker, and add {"logGroup": "/ec2/docker*"} to sources.hostLogs',
      ),
    ];
  }
  const out: CheckResult[] = [];
  for (const e of entries) out.push(...(await guarded('host-logs.log-group', e.logGroup, () => checkEntry(ctx, e.logGroup))));
  return out;
}
