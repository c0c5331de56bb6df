/**
 * CDS alert-fatigue suppressions that expire by the organisation's window (workstation policy
 * `cdsSuppressionHours`): an override older than the window no longer hides the card, so a warning
 * the clinician silenced comes back when the organisation says it should. 0 hours: nothing is hidden.
 * The window also goes to the engine with every evaluation (orders-router), so a policy longer
 * than core's default (DEFAULT_SUPPRESSION_WINDOW_HOURS, 7 days) is honoured, up to 30 days.
 */
import { ok, type LanternError, type Result } from '@lantern/core';
import type { Suppression } from '@lantern/core/cds';
import { CdsSuppressions } from '../orders/cds-suppressions.ts';
import type { StoreDb } from '../store/store-db.ts';

export class PolicyWindowSuppressions extends CdsSuppressions {
  constructor(db: StoreDb, private readonly policyHours: () => number | null, private readonly now: () => Date) {
    super(db);
  }

  override windowHours(): number | null {
    return this.policyHours();
  }

  override listFor(userId: string, patientId: string): Result<Suppression[], LanternError> {
    const all = super.listFor(userId, patientId);
    const hours = this.policyHours();
    if (!all.ok || hours === null) return all;
    const since = this.now().getTime() - hours * 3_600_000;
    return ok(all.value.filter((s) => Date.parse(s.overriddenAt) > since));
  }
}
