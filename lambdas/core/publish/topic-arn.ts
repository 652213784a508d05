/** What an SNS topic ARN looks like: checked where configuration names one (the publish Lambda's TOPIC_ARN, `--topic-arn`). */
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

/** Throws naming the problem when `arn` is not an SNS topic ARN (so a typo fails before any finding is sent). */
export function checkTopicArn(arn: string, origin = 'TOPIC_ARN'): string {
  if (!TOPIC_ARN.test(arn)) throw new Error(`${origin}: ${JSON.stringify(arn.slice(0, 300))} is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)`);
  return arn;
}
