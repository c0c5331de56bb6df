/** Browser mode and the host, for the benchmarks and tools (package entry `@lantern/desktop/serve`). */
export { startWorkstation, type Workstation, type WorkstationOptions } from './start-workstation.ts';
export { createHost, DEFAULT_AUTO_LOCK_MS, type Host, type HostOptions } from './create-host.ts';
export { provisionOfflineUser } from '../session/provision-offline-user.ts';
