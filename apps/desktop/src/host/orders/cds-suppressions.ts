/**
 * CDS alert-fatigue suppressions in the encrypted local store (migration 0004, `cds_suppressions`).
 * signOrderSet returns the warning/info overrides to remember; they are stored here per (user,
 * patient, key) and handed back to every later CDS evaluation for that user and patient, so an
 * alert the clinician already overrode does not return after each select/sign. Whether a stored
 * suppression still hides a card (window, never critical) is decided by core's isSuppressed.
 */
import { LanternError, err, ok, type Result } from '@lantern/core';
import type { Suppression } from '@lantern/core/cds';
import type { StoreDb } from '../store/store-db.ts';

interface Row { user_id: string; patient_id: string; key: string; overridden_at: string }

const wrap = <T>(fn: () => T): Result<T, LanternError> => {
  try {
    return ok(fn());
  } catch (e) {
    return err(e instanceof LanternError ? e : new LanternError('INTERNAL', 'The alert suppressions could not be read or written', { cause: e }));
  }
};

export class CdsSuppressions {
  constructor(private readonly db: StoreDb) {}

  /** Stores each suppression; a repeated override keeps the latest time (the window restarts from it). */
  upsert(suppressions: readonly Suppression[]): Result<number, LanternError> {
    if (suppressions.length === 0) return ok(0);
    if (this.db.readonly) return err(new LanternError('FORBIDDEN', 'The store is open read-only'));
    return wrap(() => this.db.write(() => {
      let n = 0;
      for (const s of suppressions) {
        n += this.db.run(
          `INSERT INTO cds_suppressions (user_id, patient_id, key, overridden_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (user_id, patient_id, key) DO UPDATE SET overridden_at = excluded.overridden_at
           WHERE excluded.overridden_at > cds_suppressions.overridden_at`,
          s.userId, s.patientId, s.key, s.overriddenAt,
        ).changes;
      }
      return n;
    }));
  }

  /** How long an override hides its card, when the organisation sets it (null: the engine's default). */
  windowHours(): number | null {
    return null;
  }

  /** The user's own suppressions for this patient (another clinician's overrides never hide a card). */
  listFor(userId: string, patientId: string): Result<Suppression[], LanternError> {
    return wrap(() => this.db.all<Row>('SELECT * FROM cds_suppressions WHERE user_id = ? AND patient_id = ?', userId, patientId)
      .map((r) => ({ userId: r.user_id, patientId: r.patient_id, key: r.key, overriddenAt: r.overridden_at })));
  }
}
