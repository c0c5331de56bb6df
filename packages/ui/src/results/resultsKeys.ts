/** react-query keys of the results screens (under the chart's key for one patient, so a chart refresh refreshes them). */
export const resultsKeys = {
  all: ['results'] as const,
  inbox: ['results', 'inbox'] as const,
  count: ['results', 'count'] as const,
  patient: (patientId: string) => ['chart', patientId, 'results'] as const,
};

/** How often the inbox and its count re-read the local store: results arrive by sync at any time. */
export const RESULTS_REFRESH_MS = 5_000;
