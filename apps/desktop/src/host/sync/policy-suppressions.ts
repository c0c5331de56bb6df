/**
 * CDS alert-fatigue suppressions that expire by the organisation's window (workstation policy
 * `cdsSuppressionHours`): an override older than the window no longer hides the card, so a warning
 * the clinician silenced comes back when the organisation says it should. 0 hours: nothing is hidden.
 * Core's own window (DEFAULT_SUPPRESSION_WINDOW_HOURS, 7 days) still bounds it from above.
 */
import { ok, type LanternError, type Result } from '@lantern/core';
import type { Suppression } from '@lantern/core/cds';
import { CdsSuppressions } from '../orders/cds-suppressions.ts';
import type { StoreDb } from '../store/store-db.ts';

export class PolicyWindowSuppressions extends CdsSuppressions {
  constructor(db: StoreDb, private readonly windowHours: () => number | null, private readonly now: () => Date) {
    super(db);
  }

  override listFor(userId: string, patientId: string): Result<Suppression[], LanternError> {
    const all = super.listFor(userId, patientId);
    const hours = this.windowHours();
    if (!all.ok || hours === null) return all;
    const since = this.now().getTime() - hours * 3_600_000;
    return ok(all.value.filter((s) => Date.parse(s.overriddenAt) > since));
  }
}
