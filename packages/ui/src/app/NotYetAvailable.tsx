import { Paper } from '@mantine/core';
import { Link } from 'react-router';
import { EmptyState } from '../design/EmptyState.tsx';
import { PageHeader } from '../design/PageHeader.tsx';

/** A workspace whose screens are not on this workstation yet: says so instead of a blank page. */
export function NotYetAvailable({ title }: { title: string }) {
  return (
    <>
      <PageHeader title={title} />
      <Paper>
        <EmptyState title="Not available on this workstation yet" action={<Link to="/patients">Go to the patient finder</Link>}>
          This workspace has not been installed on this workstation.
        </EmptyState>
      </Paper>
    </>
  );
}

export function NotFound() {
  return (
    <>
      <PageHeader title="Page not found" />
      <Paper>
        <EmptyState title="There is nothing at this address" action={<Link to="/">Go to your start page</Link>}>
          The link may be from an older version, or for a screen your role does not use.
        </EmptyState>
      </Paper>
    </>
  );
}
