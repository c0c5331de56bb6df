/** URLs of the chart screens, for links and navigation (hash routes; see routes.tsx). */
export const chartPath = (patientId: string, tab = 'summary'): string => `/patients/${encodeURIComponent(patientId)}/${tab}`;
export const notePath = (patientId: string, noteId: string): string => `/patients/${encodeURIComponent(patientId)}/notes/${encodeURIComponent(noteId)}`;
export const emergencyPath = (patientId: string): string => `/emergency/${encodeURIComponent(patientId)}`;
