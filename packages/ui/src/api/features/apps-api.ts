import type { HostIn, HostOut } from '../host-contract.ts';

/**
 * apps.*: SMART apps (https://hl7.org/fhir/smart-app-launch/): EHR launch from the chart, and the
 * administrator's registration of apps and system clients. Online only, decided and audited on the server.
 */
export interface AppsApi {
  launchable(): Promise<HostOut['apps']['launchable']>;
  launch(input: HostIn['apps']['launch']): Promise<HostOut['apps']['launch']>;
  clients(): Promise<HostOut['apps']['clients']>;
  registerClient(input: HostIn['apps']['registerClient']): Promise<HostOut['apps']['registerClient']>;
  setClientActive(input: HostIn['apps']['setClientActive']): Promise<HostOut['apps']['setClientActive']>;
}

export type LaunchableApp = HostOut['apps']['launchable'][number];
export type SmartClient = HostOut['apps']['clients'][number];
export type RegisterClientInput = HostIn['apps']['registerClient'];
export type RegisteredClient = HostOut['apps']['registerClient'];
