import pg from 'pg';

/**
 * The bench's own owner connection. A connection Postgres terminates while it is idle (the server
 * stopping its cluster after a failure, an administrator) is reported as such, never as an
 * unhandled 'error' event that kills the process before the real failure is printed.
 */
export function ownerConnection(url: string): pg.Client {
  const c = new pg.Client({ connectionString: url });
  c.on('error', (e: Error & { code?: string }) => {
    console.error(`sync-server bench: its Postgres connection was closed by the server (${e.code ?? 'no code'}: ${e.message}); its next query fails`);
  });
  return c;
}
