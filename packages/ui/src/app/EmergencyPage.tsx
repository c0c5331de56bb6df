import { useNavigate, useParams } from 'react-router';
import { EmergencyAccess } from '../break-glass/EmergencyAccess.tsx';
import { chartPath } from './paths.ts';

/** Break-glass for a patient not in the user's care: reason first, then the chart once it has synced. */
export function EmergencyPage() {
  const { patientId = '' } = useParams();
  const navigate = useNavigate();
  return <EmergencyAccess patientId={patientId} onCancel={() => navigate('/patients')} onOpen={(id) => navigate(chartPath(id), { replace: true })} />;
}
