/**
 * Security Hub readiness: the hub is enabled in the region, and the caller may import findings
 * into the account's own product (what `replay --publish` needs; the deployed publisher Lambda has
 * its own role). Import permission is proven with an empty BatchImportFindings: nothing is written.
 */
import { type CheckResult, fail, guarded, pass } from './check-result';
import type { DoctorContext } from './doctor-context';

export async function securityHubChecks(ctx: DoctorContext): Promise<CheckResult[]> {
  return guarded('security-hub.enabled', ctx.region, async () => {
    const hub = await ctx.reader.securityHub.hub();
    if (!hub.enabled) {
      return [
        fail(
          'security-hub.enabled',
          ctx.region,
          `Security Hub is not enabled in ${ctx.region} (${hub.reason}): findings cannot be published there`,
          `aws securityhub enable-security-hub --region ${ctx.region} --no-enable-default-standards (or deploy with SECURITY_HUB_ENABLED=false to use SNS only)`,
        ),
      ];
    }
    const out = [pass('security-hub.enabled', ctx.region, `hub ${hub.hubArn}${hub.subscribedAt ? ` enabled since ${hub.subscribedAt}` : ''}`)];
    const productArn = `arn:aws:securityhub:${ctx.region}:${ctx.account}:product/${ctx.account}/default`;
    out.push(
      ...(await guarded('security-hub.import', ctx.region, async () => {
        const probe = await ctx.reader.securityHub.probeImport();
        if (probe.authorized) return [pass('security-hub.import', ctx.region, `securityhub:BatchImportFindings allowed for ${ctx.callerArn} into ${productArn}: ${probe.answer}; nothing imported`)];
        return [fail('security-hub.import', ctx.region, `BatchImportFindings into ${productArn} refused: ${probe.reason}`, `aws securityhub enable-security-hub --region ${ctx.region}`)];
      })),
    );
    return out;
  });
}
