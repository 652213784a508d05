/** Read-only EventBridge questions for `an1261 doctor`: the rules on the default bus with their patterns and targets. */
import { type EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { awsCall } from './account-reader-errors';

export interface RuleInfo {
  name: string;
  arn?: string;
  state?: string;
  /** The rule's event pattern as JSON text (absent for schedule rules). */
  eventPattern?: string;
  managedBy?: string;
}

export class EventBridgeReader {
  constructor(readonly client: EventBridgeClient) {}

  /** Every rule of the bus (ListRules has no SDK paginator: NextToken is followed here). */
  async rules(eventBusName = 'default'): Promise<RuleInfo[]> {
    const out: RuleInfo[] = [];
    let token: string | undefined;
    do {
      const page = await awsCall('events:ListRules', () => this.client.send(new ListRulesCommand({ EventBusName: eventBusName, Limit: 100, ...(token ? { NextToken: token } : {}) })));
      for (const r of page.Rules ?? []) {
        if (!r.Name) continue;
        out.push({
          name: r.Name,
          ...(r.Arn ? { arn: r.Arn } : {}),
          ...(r.State ? { state: r.State } : {}),
          ...(r.EventPattern ? { eventPattern: r.EventPattern } : {}),
          ...(r.ManagedBy ? { managedBy: r.ManagedBy } : {}),
        });
      }
      token = page.NextToken;
    } while (token);
    return out;
  }

  /** The ARNs of the rule's targets. */
  async targets(rule: string, eventBusName = 'default'): Promise<string[]> {
    const out: string[] = [];
    let token: string | undefined;
    do {
      const page = await awsCall('events:ListTargetsByRule', () =>
        this.client.send(new ListTargetsByRuleCommand({ Rule: rule, EventBusName: eventBusName, Limit: 100, ...(token ? { NextToken: token } : {}) })),
      );
      for (const t of page.Targets ?? []) if (t.Arn) out.push(t.Arn);
      token = page.NextToken;
    } while (token);
    return out;
  }
}
