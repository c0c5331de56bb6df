/**
 * The contract between the workstation host (apps/desktop/src/host) and its screens (@lantern/ui):
 * what the session, patient lists, chart tabs and sync status look like on screen, and the zod
 * schemas for what a clinician types in. The host validates every input with these schemas.
 */
import { z } from 'zod';
import type { Role } from '../policy/roles.ts';
import type { FullChart, LabSeries, VitalSign } from '../chart/types.ts';
import type { AllergyIntolerance, Condition, MedicationRequest } from '../fhir/types.ts';

export interface SessionUser {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
}

/**
 * `locked` keeps who was signed in so the lock screen can offer "unlock as ..." or "switch user";
 * nothing of the previous screen is kept.
 */
export type SessionState =
  | { status: 'signed-out'; autoLockMs: number }
  | { status: 'locked'; user: SessionUser; autoLockMs: number }
  | { status: 'active'; user: SessionUser; mode: 'online' | 'offline'; autoLockMs: number };

export const SignInInputSchema = z.object({
  username: z.string().trim().min(1, 'Enter your username').max(128),
  password: z.string().min(1, 'Enter your password').max(1024),
});
export type SignInInput = z.infer<typeof SignInInputSchema>;

export const UnlockInputSchema = z.object({ password: z.string().min(1, 'Enter your password').max(1024) });
export type UnlockInput = z.infer<typeof UnlockInputSchema>;

export interface PatientListItem {
  patientId: string;
  mrn: string;
  name: string;
  birthDate: string;
  sex: 'male' | 'female' | 'other' | 'unknown';
  /** Null when the birth date is missing or impossible (core ageInYears). */
  ageYears: number | null;
  /** Ward/unit and bed when known, e.g. "4 West · 12". */
  location: string | null;
  /** For rounds (the finder's columns; absent when the host does not know them): the attending, or
   *  primary performer, of the latest encounter, as displayed. */
  attending?: string | null;
  /** Active problems on the problem list. */
  activeProblems?: number;
  alerts?: PatientAlerts;
}

/** What a clinician should see before opening a chart from a list. */
export interface PatientAlerts {
  /** Recorded allergies, and whether any is high-criticality. */
  allergies: number;
  highRiskAllergy: boolean;
  /** "Allergies not recorded" (nobody asked) is an alert of its own. */
  allergiesNotRecorded: boolean;
  /** Records saved on this workstation that the server has not confirmed. */
  unsynced: boolean;
  /** Open sync conflicts on this patient's records. */
  conflicts: number;
}

export const SearchInputSchema = z.object({ query: z.string().trim().max(200) });

export const CHART_TABS = ['summary', 'problems', 'medications', 'orders', 'allergies', 'vitals', 'encounters', 'notes'] as const;
export type ChartTab = (typeof CHART_TABS)[number];

/** A chart as the signed-in user may see it: tabs the access policy denies are absent and their data empty. */
export interface ChartView extends FullChart {
  tabs: ChartTab[];
}

export interface ChartLists {
  problems: Condition[];
  medications: MedicationRequest[];
  allergies: AllergyIntolerance[];
}

export interface ObservationsView {
  /** Every vital sign, newest first. */
  vitals: VitalSign[];
  labs: LabSeries[];
}

export interface NoteView {
  id: string;
  title: string;
  date: string;
  author: string;
  status: string;
  /** Plain text of the note (narrative with markup removed, or the decoded attachment). */
  text: string;
}

export interface SyncStatus {
  online: boolean;
  /** ISO instant of the last complete sync, null before the first one. */
  lastSyncAt: string | null;
  /** The signed-in user's changes waiting to be sent (only their own are pushed while they are signed in). */
  pending: number;
  /**
   * Changes other users made on this shared workstation, still queued: they are sent when each of
   * those users next signs in here. Counted apart so a user's own "Pending" reaches 0.
   */
  pendingOtherUsers: number;
  conflicts: number;
  /** The first sync (no cursor yet): how far the pull has come. */
  initialSync: { received: number; total: number } | null;
  syncing: boolean;
  /** A short, PHI-free reason for the last failure, e.g. "Server unreachable". */
  lastError: string | null;
  /** Grows whenever sync changed local data (changes pulled, pushes acknowledged): screens refresh on it. */
  changeCount: number;
  /**
   * The user signed in offline and holds no refresh token, so nothing syncs until they sign in online
   * again; `serverReachable`: the server answers now, so the workstation offers that. Absent or null otherwise.
   */
  offlineSession?: { serverReachable: boolean } | null;
}

const vital = (min: number, max: number, label: string) =>
  z.number({ message: `${label} must be a number` }).min(min, `${label} must be at least ${min}`).max(max, `${label} must be at most ${max}`).optional();

/** A set of vitals as entered at the bedside; at least one value. Units are fixed (UCUM). */
export const VitalsInputSchema = z
  .object({
    patientId: z.string().uuid(),
    systolic: vital(30, 300, 'Systolic'),
    diastolic: vital(10, 200, 'Diastolic'),
    heartRate: vital(10, 300, 'Heart rate'),
    respiratoryRate: vital(2, 80, 'Respiratory rate'),
    temperatureC: vital(25, 45, 'Temperature'),
    spo2: vital(30, 100, 'SpO2'),
    weightKg: vital(0.2, 500, 'Weight'),
  })
  .superRefine((v, ctx) => {
    if ((v.systolic === undefined) !== (v.diastolic === undefined)) {
      ctx.addIssue({ code: 'custom', path: [v.systolic === undefined ? 'systolic' : 'diastolic'], message: 'Enter both systolic and diastolic' });
    }
    if (v.systolic !== undefined && v.diastolic !== undefined && v.diastolic >= v.systolic) {
      ctx.addIssue({ code: 'custom', path: ['diastolic'], message: 'Diastolic must be below systolic' });
    }
    const { patientId: _p, ...values } = v;
    if (Object.values(values).every((x) => x === undefined)) ctx.addIssue({ code: 'custom', path: [], message: 'Enter at least one vital sign' });
  });
export type VitalsInput = z.infer<typeof VitalsInputSchema>;
