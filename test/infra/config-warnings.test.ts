/** The CDK app shows the config warnings of `an1261 config check` as stack warnings, without failing synth. */
import { App, CfnWaitConditionHandle, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../lambdas/core/model/config';
import { annotateConfigWarnings } from '../../lib/deployable-config';

function annotated(config: unknown) {
  const stack = new Stack(new App(), 'Test');
  new CfnWaitConditionHandle(stack, 'Resource'); // a template must not be empty
  const warnings = annotateConfigWarnings(stack, parseConfig(config));
  return { warnings, annotations: Annotations.fromStack(stack) };
}

describe('annotateConfigWarnings', () => {
  it('adds each warning to the stack, naming the key, acknowledgeable by its id', () => {
    const { warnings, annotations } = annotated({ trustedDestinations: { awsServices: ['S3', 'AMAZON'] }, approvedBuilders: { principals: ['*'] } });
    expect(warnings.map((w) => w.key)).toEqual(['trustedDestinations.awsServices[1]', 'approvedBuilders.principals[0]']);
    annotations.hasWarning('/Test', Match.stringLikeRegexp('^config key "trustedDestinations\\.awsServices\\[1\\]": trusting AMAZON .*\\[ack: an1261:config:trustedDestinations\\.awsServices\\.1\\]'));
    annotations.hasWarning('/Test', Match.stringLikeRegexp('^config key "approvedBuilders\\.principals\\[0\\]"'));
    annotations.hasNoError('*', Match.anyValue());
  });

  it('adds nothing for the shipped deployment config', () => {
    const { warnings, annotations } = annotated(JSON.parse(readFileSync(join(__dirname, '../../deploy/an1261.config.json'), 'utf8')));
    expect(warnings).toEqual([]);
    annotations.hasNoWarning('*', Match.anyValue());
  });
});
