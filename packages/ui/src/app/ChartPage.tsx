import { useCallback } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ChartScreen } from '../chart/ChartScreen.tsx';
import { useCurrentUser } from './CurrentUser.tsx';
import { chartPath } from './paths.ts';

/** `/patients/:patientId/:tab` and `/patients/:patientId/notes/:noteId`: the chart, keyed by patient. */
export function ChartPage() {
  const { patientId = '', tab, noteId } = useParams();
  const navigate = useNavigate();
  const { user } = useCurrentUser();
  const onTab = useCallback((t: string) => navigate(chartPath(patientId, t)), [navigate, patientId]);
  const onClose = useCallback(() => navigate('/patients'), [navigate]);
  return (
    <ChartScreen key={patientId} patientId={patientId} role={user.role} user={user} tab={noteId === undefined ? (tab ?? 'summary') : 'notes'}
      {...(noteId === undefined ? {} : { noteId })} onTab={onTab} onClose={onClose} />
  );
}
