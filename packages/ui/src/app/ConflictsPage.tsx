import { useNavigate } from 'react-router';
import { ConflictsScreen } from '../conflicts/ConflictsScreen.tsx';

export function ConflictsPage() {
  const navigate = useNavigate();
  return <ConflictsScreen onClose={() => navigate('/patients')} />;
}
