/**
 * How far out of range a result is, from its HL7 v3 ObservationInterpretation code
 * (http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation): critical (HH, LL, AA and
 * their "significantly" forms) must be seen first and never be mistaken for a plain abnormal value.
 */
import { assertNever } from '../result.ts';

export type ResultGrade = 'normal' | 'abnormal' | 'critical' | 'unknown';

const CRITICAL = new Set(['HH', 'LL', 'AA', 'HU', 'LU', '>', '<']);
const ABNORMAL = new Set(['H', 'L', 'A', 'HX', 'LX', 'U', 'D', 'R', 'IND', 'POS', 'DET']);

export function gradeOf(interpretation: string | null | undefined): ResultGrade {
  if (interpretation === null || interpretation === undefined || interpretation === '') return 'unknown';
  const code = interpretation.toUpperCase();
  if (CRITICAL.has(code)) return 'critical';
  if (ABNORMAL.has(code)) return 'abnormal';
  if (code === 'N' || code === 'NEG' || code === 'ND') return 'normal';
  return 'unknown';
}

const RANK: Readonly<Record<ResultGrade, number>> = { unknown: 0, normal: 1, abnormal: 2, critical: 3 };

/** The worst grade of a report's results ('unknown' only when none was graded). */
export function worstGrade(grades: readonly ResultGrade[]): ResultGrade {
  return grades.reduce<ResultGrade>((w, g) => (RANK[g] > RANK[w] ? g : w), 'unknown');
}

/** Words for a grade, so a flag never depends on colour alone (WCAG 1.4.1). */
export function gradeLabel(g: ResultGrade): string {
  switch (g) {
    case 'critical': return 'Critical';
    case 'abnormal': return 'Abnormal';
    case 'normal': return 'Normal';
    case 'unknown': return 'Not graded';
    default: return assertNever(g, 'result grade');
  }
}
