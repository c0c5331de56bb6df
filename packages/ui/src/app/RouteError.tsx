/**
 * What a screen shows when it fails to load or throws while rendering: a plain sentence and a way
 * on, inside the shell (the top bar, sync status and sign-out stay), never the router's developer
 * page or a stack trace. A screen's code that cannot be fetched (the workstation was updated while
 * it was open) needs a reload; anything else can be retried. Nothing saved is lost either way.
 */
import { Button } from '@mantine/core';
import { useRouteError } from 'react-router';
import { ErrorState } from '../design/ErrorState.tsx';

const isMissingCode = (e: unknown): boolean =>
  e instanceof TypeError && /dynamically imported module|Importing a module script failed|error loading dynamically imported module/i.test(e.message);

export function RouteError() {
  const error = useRouteError();
  if (isMissingCode(error)) {
    return (
      <ErrorState title="This screen could not be loaded" message="The workstation was updated while it was open. Reload to continue; your saved work is kept.">
        <Button size="xs" onClick={() => window.location.reload()}>Reload</Button>
      </ErrorState>
    );
  }
  return (
    <ErrorState title="This screen stopped working" message="Something went wrong showing this screen. Your saved work is kept. Try again, or go back to your patients.">
      <Button size="xs" variant="default" onClick={() => window.location.reload()}>Try again</Button>
      <Button size="xs" variant="subtle" component="a" href="#/patients">Back to patients</Button>
    </ErrorState>
  );
}
