/**
 * What the alert heuristics compare a round's events with, carried from one round to the next so
 * that a busy user's history is not read again in full every round (a workstation pushing 5,000
 * mutations a second adds one event per mutation; re-reading the user's hour and month each round
 * made the processor's cost grow with the hour's activity). Every event is still judged: only the
 * aggregates of the past are kept, and kept only while they cannot have changed.
 *
 * The aggregates are exact, not estimates. They are valid only for the round that follows the one
 * that built them (the cursor this process left is the cursor it reads; another processor in
 * between, a rolled-back round or other thresholds drop them all). An event that arrives late into
 * a window already summed (an offline device's event, with an old device time) is among the next
 * round's facts, and drops the user's aggregates whose window it falls in before they are used.
 */
import type { PrivacyAlertThresholds } from '../thresholds.ts';

/** The facts of a round the cache needs: who, which patient, when, and whether a person looked. */
export interface HistoryFact {
  user_id: string;
  patient_id: string | null;
  at: Date;
  machine: boolean;
}

/** Hour-of-day histogram of a user's person accesses over [end - baselineDays, end). */
export interface HourHistogram {
  end: number;
  counts: Map<number, number>;
}

interface UserHistory {
  hours: HourHistogram | null;
  /** Distinct patients per hour bucket (ms since epoch / 1 h), seen through the last round. */
  charts: Map<number, Set<string>>;
  /** Average distinct charts per hour over the baseline days before each bucket. */
  baselines: Map<number, number>;
}

/** A user with more aggregates than this loses them (a long catch-up spans many buckets). */
const MAX_BUCKETS = 512;
/** Users kept at once; beyond it the cache starts again (bounded memory). */
const MAX_USERS = 10_000;
const HOUR = 3_600_000;

export class AlertHistoryCache {
  private users = new Map<string, UserHistory>();
  /** The cursor the last committed round left, with the thresholds it used. */
  private through: { seq: number; t: PrivacyAlertThresholds } | null = null;

  /**
   * Starts a round at `cursor` with `facts` (every event of the round, seq order): the aggregates
   * are kept only if this process committed the previous round up to this cursor; facts older than
   * a kept window drop it, and the round's person accesses join the kept chart counts.
   */
  begin(cursor: number, t: PrivacyAlertThresholds, facts: readonly HistoryFact[]): void {
    const continues = this.through !== null && this.through.seq === cursor && this.through.t === t;
    this.through = null;
    if (!continues || this.users.size > MAX_USERS) this.users.clear();
    for (const f of facts) {
      const u = this.users.get(f.user_id);
      if (u === undefined || f.patient_id === null || f.machine) continue;
      const at = f.at.getTime();
      if (u.hours !== null && at < u.hours.end) u.hours = null;
      for (const start of u.baselines.keys()) if (at < start * HOUR) u.baselines.delete(start);
      // Counted again if the last round's query already saw it: a set, so it counts once.
      u.charts.get(Math.floor(at / HOUR))?.add(f.patient_id);
    }
  }

  /** The round committed: its aggregates are valid for a round starting at `last`. */
  committed(last: number, t: PrivacyAlertThresholds): void {
    this.through = { seq: last, t };
  }

  /** The round failed: nothing it computed is kept. */
  failed(): void {
    this.through = null;
    this.users.clear();
  }

  private user(userId: string): UserHistory {
    let u = this.users.get(userId);
    if (u === undefined || u.charts.size + u.baselines.size > MAX_BUCKETS) {
      u = { hours: null, charts: new Map(), baselines: new Map() };
      this.users.set(userId, u);
    }
    return u;
  }

  hours(userId: string): HourHistogram | null {
    return this.users.get(userId)?.hours ?? null;
  }
  setHours(userId: string, h: HourHistogram): void {
    this.user(userId).hours = h;
  }

  charts(userId: string, bucket: number): Set<string> | undefined {
    return this.users.get(userId)?.charts.get(bucket);
  }
  setCharts(userId: string, bucket: number, patients: Set<string>): void {
    this.user(userId).charts.set(bucket, patients);
  }

  baseline(userId: string, bucket: number): number | undefined {
    return this.users.get(userId)?.baselines.get(bucket);
  }
  setBaseline(userId: string, bucket: number, value: number): void {
    this.user(userId).baselines.set(bucket, value);
  }
}
