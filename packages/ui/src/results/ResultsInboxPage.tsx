import { useNavigate } from 'react-router';
import { chartPath } from '../app/paths.ts';
import { ResultsInbox } from './ResultsInbox.tsx';

/** `/results`: the inbox; a row opens the patient's chart on Vitals & labs, where the result stays. */
export function ResultsInboxPage() {
  const navigate = useNavigate();
  return <ResultsInbox onOpenChart={(patientId) => navigate(chartPath(patientId, 'vitals'))} />;
}
