/**
 * FHIR R4 types for the resources Lantern handles (ARCHITECTURE.md, Data model), from
 * @medplum/fhirtypes so every tier shares one definition.
 */
import type {
  AllergyIntolerance, AuditEvent, Composition, Condition, DiagnosticReport, DocumentReference, Encounter,
  MedicationRequest, MedicationStatement, Observation, Patient, Practitioner, Provenance, ServiceRequest,
} from '@medplum/fhirtypes';

export type {
  AllergyIntolerance, AuditEvent, Bundle, BundleEntry, CodeableConcept, Coding, Composition, Condition,
  DiagnosticReport, DocumentReference, Dosage, Encounter, HumanName, Identifier, MedicationRequest,
  MedicationStatement, Observation, OperationOutcome, Patient, Practitioner, Provenance, Quantity, Reference,
  ServiceRequest,
} from '@medplum/fhirtypes';

export interface ResourceMap {
  Patient: Patient;
  Practitioner: Practitioner;
  Encounter: Encounter;
  Condition: Condition;
  AllergyIntolerance: AllergyIntolerance;
  MedicationRequest: MedicationRequest;
  MedicationStatement: MedicationStatement;
  Observation: Observation;
  DiagnosticReport: DiagnosticReport;
  ServiceRequest: ServiceRequest;
  DocumentReference: DocumentReference;
  Composition: Composition;
  Provenance: Provenance;
  AuditEvent: AuditEvent;
}
export type SupportedResourceType = keyof ResourceMap;
export type LanternResource = ResourceMap[SupportedResourceType];
