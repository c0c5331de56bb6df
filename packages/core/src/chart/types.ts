/**
 * What the chart screens show, as returned by the local store's chart queries (desktop host) and
 * rendered by @lantern/ui. The full FHIR resources stay available for detail views; these are the
 * shapes the screens need at a glance.
 */
import type {
  AllergyIntolerance, Composition, Condition, DocumentReference, Encounter, MedicationRequest, Observation, Patient,
} from '../fhir/types.ts';

export interface PatientBanner {
  patientId: string;
  mrn: string;
  name: string;
  sex: 'male' | 'female' | 'other' | 'unknown';
  birthDate: string;
  /** Whole years at `asOf` (core ageInYears); null when the birth date is missing or impossible. */
  ageYears: number | null;
  /** 'nka' = "no known allergies" recorded; 'not-recorded' = nothing recorded at all. */
  allergyStatus: 'has-allergies' | 'nka' | 'not-recorded';
  allergies: { id: string; substance: string; criticality: 'low' | 'high' | 'unable-to-assess' | null }[];
  latestWeight: { value: number; unit: string; effective: string } | null;
  /** Records not yet confirmed by the server carry a marker on screen. */
  pendingSync: boolean;
}

export interface VitalSign {
  observationId: string;
  loinc: string;
  label: string;
  value: number;
  unit: string;
  /** For blood pressure: the diastolic value alongside the systolic one. */
  secondary?: { value: number; unit: string };
  effective: string;
  /** HL7 v3 ObservationInterpretation: N, H, L, HH, LL, A. */
  interpretation: 'N' | 'H' | 'L' | 'HH' | 'LL' | 'A' | null;
  referenceRange: { low: number | null; high: number | null } | null;
  pendingSync: boolean;
}

export interface LabPoint {
  observationId: string;
  value: number;
  unit: string;
  effective: string;
  interpretation: VitalSign['interpretation'];
  referenceRange: { low: number | null; high: number | null } | null;
}

export interface RecentLab extends LabPoint {
  loinc: string;
  label: string;
}

export interface LabSeries {
  loinc: string;
  label: string;
  unit: string;
  points: LabPoint[];
}

export interface NoteListItem {
  id: string;
  resourceType: 'DocumentReference' | 'Composition';
  title: string;
  date: string;
  author: string;
  status: string;
  pendingSync: boolean;
}

export interface ChartSummary {
  banner: PatientBanner;
  activeProblems: Condition[];
  activeMedications: MedicationRequest[];
  allergies: AllergyIntolerance[];
  latestVitals: VitalSign[];
  /** The latest value of each lab, newest first. */
  recentLabs: RecentLab[];
}

/** Everything a chart open loads at once (the "whole chart" of the bench). */
export interface FullChart {
  patient: Patient;
  summary: ChartSummary;
  encounters: Encounter[];
  notes: NoteListItem[];
  observationCount: number;
}

export type NoteResource = DocumentReference | Composition;
export type { Observation };
