import { useNavigate } from 'react-router';
import { PatientFinder } from '../patient-finder/PatientFinder.tsx';
import { chartPath, emergencyPath } from './paths.ts';

export function FinderPage() {
  const navigate = useNavigate();
  return <PatientFinder onOpen={(id) => navigate(chartPath(id))} onEmergency={(id) => navigate(emergencyPath(id))} />;
}
