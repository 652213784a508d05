/**
 * `npm run chaos` end to end, small: 24 generated chains through the real handlers twice (fault-free
 * and at fault rate 0.3 with duplicated, reordered and crashed deliveries), each run in its own
 * process with its own dynalite and moto_server, the faulty one redriving every DLQ. After redrive
 * Security Hub equals the fault-free run and every DLQ item was redriven.
 */
import { chaos, report } from '../../chaos/run';
import { describeIfEmulator } from './emulator';

describeIfEmulator('npm run chaos (24 chains, fault rate 0.3, perturbations on)', () => {
  it('loses nothing, changes nothing and accounts for every DLQ item after redrive', async () => {
    const outcome = await chaos({ seed: 11, chains: 24, faultRate: 0.3, perturb: true, redriveAfterMinutes: 15 });

    const c = outcome.comparison;
    expect({ lost: c.lost, extra: c.extra, changed: c.changed, missedPages: c.missedPages, notStored: c.notStored }).toEqual({ lost: [], extra: [], changed: [], missedPages: [], notStored: [] });
    expect(outcome.reference.findings.length).toBeGreaterThan(5);
    expect(outcome.faulty.sdk.faultsInjected).toBeGreaterThan(100);
    expect(c.dlqItems).toBeGreaterThan(0);
    expect(c.redriven).toBe(c.dlqItems);
    expect(c.duplicatePages).toBeLessThanOrEqual(c.duplicateWindow);
    expect(outcome.passed).toBe(true);
    expect(report(outcome)).toContain('Security Hub after redrive equals the fault-free run');
    expect(outcome.line).toMatch(/^chaos: seed 11, 24 chains, fault rate 0\.3: lost 0, different 0, duplicate pages \d+, dlq \d+ \(redriven \d+\)$/);
  }, 180_000);
});
