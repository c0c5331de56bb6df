/**
 * Thresholds of the suspicious-access alerts (server configuration, `ServerOptions.privacyAlerts`).
 * Defaults are deliberately conservative: an alert a privacy officer learns to ignore is worse
 * than none (alert fatigue applies to audit review too).
 */
import { z } from 'zod';

export const PrivacyAlertThresholdsSchema = z.object({
  /** IANA time zone in which "usual hours" are judged. */
  timeZone: z.string().min(1).default('UTC'),
  /** Usual hours when a user has too little history of their own: [start, end) in local hours. */
  defaultUsualHours: z.tuple([z.number().int().min(0).max(23), z.number().int().min(1).max(24)]).default([7, 19]),
  /** Events a user needs in the baseline window before their own hours replace the default. */
  baselineMinEvents: z.number().int().min(1).default(50),
  /** An hour of day is usual for a user when it holds at least this share of their baseline events. */
  usualHourShare: z.number().min(0).max(1).default(0.02),
  /** Days of history the baselines look back over. */
  baselineDays: z.number().int().min(1).max(365).default(30),
  /** Distinct charts in one hour: alert above max(minimum, factor x the user's own hourly average). */
  manyChartsMinimum: z.number().int().min(1).default(20),
  manyChartsFactor: z.number().min(1).default(3),
  /** Denied accesses by one user within the window that raise an alert. */
  denialsCount: z.number().int().min(1).default(5),
  denialsWindowMinutes: z.number().int().min(1).default(15),
  /** Break-glass grants by one user in 7 days above which an alert is raised. */
  breakGlassPerWeek: z.number().int().min(0).default(3),
  /** A break-glass grant not reviewed within this many hours is overdue. */
  breakGlassReviewHours: z.number().int().min(1).default(72),
  /** How often the processor reads new audit events (milliseconds). */
  pollMs: z.number().int().min(50).default(1000),
});
export type PrivacyAlertThresholds = z.output<typeof PrivacyAlertThresholdsSchema>;
export type PrivacyAlertOptions = z.input<typeof PrivacyAlertThresholdsSchema>;

export function privacyAlertThresholds(o: PrivacyAlertOptions | undefined): PrivacyAlertThresholds {
  return PrivacyAlertThresholdsSchema.parse(o ?? {});
}
