/**
 * For integration tests that need the server in this process (its pool, its options: HL7 ports,
 * rate limits, a test clock): an embedded Postgres, the server's test server on it, a scratch
 * folder for the workstation's store and, unless asked not to, a real workstation host (encrypted
 * store, session, sync loop) pointed at the server. `close()` tears everything down in order. For a
 * server that must be stopped and started again like a real process, use `hostAgainstServer()`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The server's harness, for tests only: the host imports nothing of the server but its router type.
// eslint-disable-next-line no-restricted-imports -- tests only, as in every host *.int.test.ts
import { startTestPostgres, startTestServer, type TestPostgres, type TestServer } from '../../../../../sync-server/src/testing/harness.ts';
import { createHost, type Host, type HostOptions } from '../../serve/create-host.ts';
import { explicitKeyProvider, randomKey } from '../../store/key/key-provider.ts';

type ServerOptions = NonNullable<Parameters<typeof startTestServer>[1]>;

export interface TestServerAndFolder {
  pg: TestPostgres;
  server: TestServer;
  /** A scratch folder for the workstation's data, removed by `close()`. */
  dir: string;
  close(): Promise<void>;
}

export interface HostWithTestServer extends TestServerAndFolder {
  host: Host;
}

/** Postgres, the test server (demo data unless the options say otherwise) and a scratch folder. */
export async function testServerAndFolder(server: ServerOptions = {}): Promise<TestServerAndFolder> {
  const pg = await startTestPostgres();
  let s: TestServer;
  try {
    s = await startTestServer(pg, { demo: true, demoPatients: 5, demoHeavyPatient: false, ...server });
  } catch (e) {
    await pg.stop();
    throw e;
  }
  const dir = mkdtempSync(join(tmpdir(), 'lantern-host-test-'));
  return {
    pg, server: s, dir,
    close: async () => {
      await s.close();
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The same, with a workstation host on the folder (no timed sync and no auto-lock unless asked). */
export async function hostWithTestServer(o: { server?: ServerOptions; host?: Partial<HostOptions> } = {}): Promise<HostWithTestServer> {
  const base = await testServerAndFolder(o.server);
  let host: Host;
  try {
    host = await createHost({
      dataDir: base.dir, serverUrl: base.server.url, keyProvider: explicitKeyProvider(randomKey()),
      syncIntervalMs: 3_600_000, autoLockMs: 3_600_000, ...o.host,
    });
  } catch (e) {
    await base.close();
    throw e;
  }
  return {
    ...base, host,
    close: async () => {
      await host.close();
      await base.close();
    },
  };
}
