/**
 * What the screens need from the workstation host: one entry per feature API (./features/*-api.ts,
 * shapes inferred from the host router). The renderer implements each with its tRPC client (IPC in
 * Electron, loopback HTTP in browser mode); component tests implement them with fixtures.
 * Adding a feature: ./README.md.
 */
import type { AdminApi } from './features/admin-api.ts';
import type { IntegrationsApi } from './features/integrations-api.ts';
import type { AppsApi } from './features/apps-api.ts';
import type { AllergiesApi } from './features/allergies-api.ts';
import type { BreakGlassApi } from './features/break-glass-api.ts';
import type { ChartApi } from './features/chart-api.ts';
import type { ConflictsApi } from './features/conflicts-api.ts';
import type { NotesApi } from './features/notes-api.ts';
import type { OrdersApi } from './features/orders-api.ts';
import type { OrderSetsApi } from './features/order-sets-api.ts';
import type { PatientsApi } from './features/patients-api.ts';
import type { PrivacyApi } from './features/privacy-api.ts';
import type { ProblemsApi } from './features/problems-api.ts';
import type { ResultsApi } from './features/results-api.ts';
import type { RegistrationApi } from './features/registration-api.ts';
import type { HimApi } from './features/him-api.ts';
import type { SessionApi } from './features/session-api.ts';
import type { SyncApi } from './features/sync-api.ts';
import type { VitalsApi } from './features/vitals-api.ts';
import type { MachinePolicyApi } from './features/machine-policy-api.ts';
import type { UpdatesApi } from './features/updates-api.ts';

export interface WorkstationApi {
  session: SessionApi;
  patients: PatientsApi;
  chart: ChartApi;
  vitals: VitalsApi;
  sync: SyncApi;
  notes: NotesApi;
  orders: OrdersApi;
  orderSets: OrderSetsApi;
  conflicts: ConflictsApi;
  breakGlass: BreakGlassApi;
  allergies: AllergiesApi;
  problems: ProblemsApi;
  results: ResultsApi;
  registration: RegistrationApi;
  him: HimApi;
  privacy: PrivacyApi;
  admin: AdminApi;
  integrations: IntegrationsApi;
  apps: AppsApi;
  /** Optional: component tests that do not show machine policy leave it out. */
  machinePolicy?: MachinePolicyApi;
  /** Optional: component tests that do not show updates leave it out. */
  updates?: UpdatesApi;
}

// Screens import the error helpers from here too.
export { ApiError, errorMessage, isSessionError } from './api-error.ts';
