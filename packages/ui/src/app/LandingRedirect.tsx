import { Navigate } from 'react-router';
import { useCurrentUser } from './CurrentUser.tsx';
import { landingPath } from './landing.ts';

/** `#/` goes to the signed-in role's own workspace. */
export function LandingRedirect() {
  const { user } = useCurrentUser();
  return <Navigate to={landingPath(user.role)} replace />;
}
