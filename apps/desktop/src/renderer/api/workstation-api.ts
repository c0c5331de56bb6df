/**
 * The screens' WorkstationApi over the typed tRPC client: one adapter per feature (./features), where
 * the compiler checks the host router against the UI's feature API. Adding a feature:
 * packages/ui/src/api/README.md.
 */
import type { WorkstationApi } from '@lantern/ui';
import type { HostClient } from './host-client.ts';
import { adminApi } from './features/admin.ts';
import { integrationsApi } from './features/integrations.ts';
import { appsApi } from './features/apps.ts';
import { allergiesApi } from './features/allergies.ts';
import { breakGlassApi } from './features/break-glass.ts';
import { chartApi } from './features/chart.ts';
import { conflictsApi } from './features/conflicts.ts';
import { notesApi } from './features/notes.ts';
import { ordersApi } from './features/orders.ts';
import { orderSetsApi } from './features/order-sets.ts';
import { patientsApi } from './features/patients.ts';
import { privacyApi } from './features/privacy.ts';
import { problemsApi } from './features/problems.ts';
import { resultsApi } from './features/results.ts';
import { registrationApi } from './features/registration.ts';
import { himApi } from './features/him.ts';
import { sessionApi } from './features/session.ts';
import { syncApi } from './features/sync.ts';
import { vitalsApi } from './features/vitals.ts';
import { machinePolicyApi } from './features/machine-policy.ts';
import { updatesApi } from './features/updates.ts';

export { toApiError } from './api-call.ts';

export function workstationApi(c: HostClient): WorkstationApi {
  return {
    session: sessionApi(c),
    patients: patientsApi(c),
    chart: chartApi(c),
    vitals: vitalsApi(c),
    sync: syncApi(c),
    notes: notesApi(c),
    orders: ordersApi(c),
    orderSets: orderSetsApi(c),
    conflicts: conflictsApi(c),
    breakGlass: breakGlassApi(c),
    allergies: allergiesApi(c),
    problems: problemsApi(c),
    results: resultsApi(c),
    registration: registrationApi(c),
    him: himApi(c),
    privacy: privacyApi(c),
    admin: adminApi(c),
    integrations: integrationsApi(c),
    apps: appsApi(c),
    machinePolicy: machinePolicyApi(c),
    updates: updatesApi(c),
  };
}
