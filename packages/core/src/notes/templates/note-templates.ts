/**
 * Note templates: a SOAP progress note, a history and physical, and a discharge summary. Each is a
 * title and the four SOAP sections written as prompts and smart insertions (insertions.ts); applying
 * one gives ordinary editable section text, so the clinician changes whatever does not fit and the
 * note is signed as written (soap.ts). Sections follow common US documentation practice (CMS
 * Evaluation and Management documentation guidelines; The Joint Commission RC.02.04.01 for the
 * discharge summary's required elements).
 */
import type { Soap, SoapSection } from '../soap.ts';
import { insertionText, type InsertionKind, type InsertionOptions, type TemplateChart } from './insertions.ts';

export const NOTE_TEMPLATE_IDS = ['progress', 'history-and-physical', 'discharge-summary'] as const;
export type NoteTemplateId = (typeof NOTE_TEMPLATE_IDS)[number];

/** A line of prompt text, or a smart insertion. */
export type TemplatePart = string | { insert: InsertionKind };

export interface NoteTemplate {
  id: NoteTemplateId;
  /** What the picker shows. */
  label: string;
  /** The note's title when started from this template. */
  title: string;
  sections: Readonly<Record<SoapSection, readonly TemplatePart[]>>;
}

const ins = (insert: InsertionKind): TemplatePart => ({ insert });

export const NOTE_TEMPLATES: Readonly<Record<NoteTemplateId, NoteTemplate>> = {
  progress: {
    id: 'progress', label: 'SOAP progress note', title: 'Progress note',
    sections: {
      subjective: ['Interval history:', 'Symptoms and concerns today:'],
      objective: [ins('vitals'), ins('labs'), 'Examination:'],
      assessment: [ins('problems'), 'Assessment:'],
      plan: [ins('medications'), ins('allergies'), 'Plan:', 'Follow-up:'],
    },
  },
  'history-and-physical': {
    id: 'history-and-physical', label: 'History and physical', title: 'History and physical',
    sections: {
      subjective: [
        'Chief complaint:', 'History of present illness:', 'Past medical history:', ins('problems'),
        ins('medications'), ins('allergies'), 'Social history:', 'Family history:', 'Review of systems:',
      ],
      objective: [ins('vitals'), ins('labs'), 'Physical examination:'],
      assessment: ['Assessment and differential diagnosis:'],
      plan: ['Plan:', 'Disposition:'],
    },
  },
  'discharge-summary': {
    id: 'discharge-summary', label: 'Discharge summary', title: 'Discharge summary',
    sections: {
      subjective: ['Reason for admission:', 'Hospital course:', 'Procedures:'],
      objective: [ins('vitals'), ins('labs'), 'Condition at discharge:'],
      assessment: ['Discharge diagnoses:', ins('problems')],
      plan: ['Discharge medications (reconciled):', ins('medications'), ins('allergies'), 'Follow-up appointments:', 'Instructions given to the patient:'],
    },
  },
};

/** The template's title and section text with every insertion resolved from the chart. */
export function applyNoteTemplate(id: NoteTemplateId, chart: TemplateChart, o: InsertionOptions): { title: string; soap: Soap } {
  const t = NOTE_TEMPLATES[id];
  const section = (parts: readonly TemplatePart[]): string =>
    parts.map((p) => (typeof p === 'string' ? p : insertionText(p.insert, chart, o))).join('\n');
  return {
    title: t.title,
    soap: { subjective: section(t.sections.subjective), objective: section(t.sections.objective), assessment: section(t.sections.assessment), plan: section(t.sections.plan) },
  };
}
