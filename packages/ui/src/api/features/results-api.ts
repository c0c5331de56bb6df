import type { HostIn, HostOut } from '../host-contract.ts';

/** results.*: the ordering clinician's inbox and its count, a patient's orders and reports, acknowledging. */
export interface ResultsApi {
  count(): Promise<HostOut['results']['count']>;
  inbox(): Promise<HostOut['results']['inbox']>;
  forPatient(patientId: string): Promise<HostOut['results']['forPatient']>;
  acknowledge(input: HostIn['results']['acknowledge']): Promise<HostOut['results']['acknowledge']>;
}

export type InboxResult = HostOut['results']['inbox']['items'][number];
export type PatientResultsView = HostOut['results']['forPatient'];
export type ResultReport = PatientResultsView['reports'][number];
export type ResultOrder = PatientResultsView['orders'][number];
