/** `lantern-server version`: the server's version (the package's, set at build time) and its Node runtime. */
import { SERVER_VERSION } from './server-version.ts';

export function versionCommand(): Promise<number> {
  console.log(`lantern-server ${SERVER_VERSION} (node ${process.versions.node})`);
  return Promise.resolve(0);
}
