/**
 * What the screens need from the workstation host. The renderer implements it with its tRPC client
 * (IPC in Electron, loopback HTTP in browser mode); component tests implement it with fixtures.
 */
import type {
  ChartLists, ChartView, ErrorCode, NoteView, ObservationsView, PatientListItem, SessionState, SignInInput, SyncStatus,
  UnlockInput, VitalsInput,
} from '@lantern/core';
import type { AllergiesApi, BreakGlassApi, ConflictsApi, NotesApi, OrdersApi, ProblemsApi } from './ClinicalApi.ts';

export interface WorkstationApi {
  session: {
    current(): Promise<SessionState>;
    signIn(input: SignInInput): Promise<SessionState>;
    signOut(): Promise<SessionState>;
    lock(): Promise<SessionState>;
    unlock(input: UnlockInput): Promise<SessionState>;
    /** Keyboard or pointer input happened (the host keeps its own idle check); fire and forget. */
    activity(): void;
  };
  patients: {
    mine(): Promise<PatientListItem[]>;
    census(): Promise<PatientListItem[]>;
    search(query: string): Promise<PatientListItem[]>;
  };
  chart: {
    /** `refresh`: the same chart re-read while open (after a sync), not a new view. */
    open(patientId: string, refresh?: boolean): Promise<ChartView>;
    lists(patientId: string): Promise<ChartLists>;
    observations(patientId: string): Promise<ObservationsView>;
    note(patientId: string, noteId: string): Promise<NoteView>;
  };
  vitals: {
    record(input: VitalsInput): Promise<{ recorded: number }>;
  };
  sync: {
    status(): Promise<SyncStatus>;
    now(): Promise<SyncStatus>;
  };
  notes: NotesApi;
  orders: OrdersApi;
  conflicts: ConflictsApi;
  breakGlass: BreakGlassApi;
  allergies: AllergiesApi;
  problems: ProblemsApi;
}

/** An error as the screens see it: a closed code and a message safe to show (no PHI, no stack). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export const errorMessage = (e: unknown): string =>
  e instanceof ApiError ? e.message : 'Something went wrong. Try again, or call the help desk if it keeps happening.';

/** Errors that mean "the session is gone": the app goes back to the lock or sign-in screen. */
export const isSessionError = (e: unknown): boolean =>
  e instanceof ApiError && (e.code === 'UNAUTHENTICATED' || e.code === 'STORE_LOCKED');
