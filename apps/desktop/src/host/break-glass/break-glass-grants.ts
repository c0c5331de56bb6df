/**
 * Break-glass grants held by this workstation's users, in memory: the server is the authority (it
 * issued the grant and widens the user's pull scope for its lifetime); the host keeps the expiry so
 * the chart opens read-only, flagged, and closes when the time is up, offline too.
 */
export interface BreakGlassGrant {
  grantId: string;
  userId: string;
  patientId: string;
  reason: string;
  expiresAt: string;
}

export class BreakGlassGrants {
  readonly #grants = new Map<string, BreakGlassGrant>();
  constructor(private readonly now: () => Date) {}

  add(g: BreakGlassGrant): void {
    this.#grants.set(`${g.userId}:${g.patientId}`, g);
  }

  /** The patients the user holds a live grant for. */
  patientsOf(userId: string): string[] {
    return [...this.#grants.values()].filter((g) => g.userId === userId && this.active(userId, g.patientId) !== null).map((g) => g.patientId);
  }

  /** The user's live grant for the patient, or null (an expired one is dropped). */
  active(userId: string, patientId: string): BreakGlassGrant | null {
    const key = `${userId}:${patientId}`;
    const g = this.#grants.get(key);
    if (g === undefined) return null;
    if (Date.parse(g.expiresAt) <= this.now().getTime()) {
      this.#grants.delete(key);
      return null;
    }
    return g;
  }
}
