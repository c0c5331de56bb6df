/**
 * Drug-disease: a drug (or class) that a label contraindicates or a guideline advises against in a
 * condition on the patient's active problem list (NSAIDs in CKD stage 3 or worse and in heart
 * failure, pioglitazone in heart failure, bupropion with a seizure disorder...). Conditions match
 * by ICD-10-CM code prefix or SNOMED CT concept (kb/drug-disease.data.ts).
 */
import type { Condition } from '../../fhir/types.ts';
import { buildCard, withSentences } from '../card.ts';
import type { DrugDisease } from '../kb/schema.ts';
import { writesBody, type RuleContext } from '../rule-context.ts';
import type { Card } from '../types.ts';

const ICD10 = new Set(['http://hl7.org/fhir/sid/icd-10-cm', 'http://hl7.org/fhir/sid/icd-10']);
const SNOMED = 'http://snomed.info/sct';
/** http://terminology.hl7.org/CodeSystem/condition-clinical codes that mean the problem is current. */
const ACTIVE = new Set(['active', 'recurrence', 'relapse']);

interface CodedProblem { ref: string; label: string; icd10: readonly string[]; snomed: readonly string[] }

const NO_CODES: readonly string[] = [];

interface ProblemMemo {
  id: Condition['id'];
  code: Condition['code'];
  clinical: Condition['clinicalStatus'];
  verification: Condition['verificationStatus'];
  /** null: not an active problem. */
  problem: CodedProblem | null;
}
const problemMemo = new WeakMap<Condition, ProblemMemo>();

/** One condition as a coded problem (null when refuted, entered in error or no longer active). */
function codedProblem(c: Condition): CodedProblem | null {
  const v = c.verificationStatus?.coding?.[0]?.code;
  const s = c.clinicalStatus?.coding?.[0]?.code;
  if (v === 'refuted' || v === 'entered-in-error' || (s !== undefined && !ACTIVE.has(s))) return null;
  let icd10 = NO_CODES;
  let snomed = NO_CODES;
  for (const coding of c.code?.coding ?? []) {
    if (coding.code === undefined) continue;
    if (coding.system !== undefined && ICD10.has(coding.system)) icd10 = [...icd10, coding.code.replace('.', '').toUpperCase()];
    else if (coding.system === SNOMED) snomed = [...snomed, coding.code];
  }
  return { ref: `Condition/${c.id ?? ''}`, label: c.code?.text ?? c.code?.coding?.[0]?.display ?? c.code?.coding?.[0]?.code ?? 'recorded problem', icd10, snomed };
}

/**
 * The active problems' codes, ICD-10-CM without the dot, upper case (most problems carry one code).
 * Each condition is read once per condition object: the server keeps a patient's record between
 * pushes, so a chart's problem list is read again only when a condition changes. Chart resources are
 * immutable values (a changed condition is a new object); as a guard the memo is also dropped when a
 * field it reads is replaced on the same object.
 */
export function codedProblems(conditions: readonly Condition[]): CodedProblem[] {
  const out: CodedProblem[] = [];
  for (const c of conditions) {
    let m = problemMemo.get(c);
    if (m === undefined || m.id !== c.id || m.code !== c.code || m.clinical !== c.clinicalStatus || m.verification !== c.verificationStatus) {
      m = { id: c.id, code: c.code, clinical: c.clinicalStatus, verification: c.verificationStatus, problem: codedProblem(c) };
      problemMemo.set(c, m);
    }
    if (m.problem !== null) out.push(m.problem);
  }
  return out;
}

function matches(x: DrugDisease, p: CodedProblem): boolean {
  for (const code of p.icd10) for (const prefix of x.condition.icd10) if (code.startsWith(prefix)) return true;
  for (const code of p.snomed) if (x.condition.snomed.includes(code)) return true;
  return false;
}

/** The problems an entry applies to (null for none: most entries match nothing, so nothing is allocated). */
function matching(x: DrugDisease, problems: readonly CodedProblem[]): CodedProblem[] | null {
  let hits: CodedProblem[] | null = null;
  for (const p of problems) {
    if (!matches(x, p)) continue;
    hits ??= [];
    hits.push(p);
  }
  return hits;
}

export function drugDiseaseRule(ctx: RuleContext): Card[] {
  const { kb } = ctx;
  const conditions = ctx.input.context.conditions;
  if (conditions.length === 0) return [];
  let problems = ctx.memo.problems as CodedProblem[] | undefined;
  const cards: Card[] = [];
  for (const d of ctx.targetMeds) {
    const seen = new Set<string>();
    for (const ing of d.ingredients) {
      for (const x of kb.drugDiseaseByRxcui.get(ing.rxcui) ?? []) {
        if (seen.has(x.id) || (ctx.criticalOnly === true && x.severity !== 'critical')) continue;
        if (problems === undefined) {
          problems = codedProblems(conditions);
          ctx.memo.problems = problems;
        }
        const hits = matching(x, problems);
        if (hits === null) continue;
        seen.add(x.id);
        cards.push(buildCard({
          rule: 'drug-disease',
          kbEntry: x.id,
          kbVersion: kb.version,
          indicator: x.severity,
          summary: writesBody(ctx, x.severity) ? `${d.label} with ${x.condition.label}: ${x.effect}` : '',
          detail: writesBody(ctx, x.severity) ? `**${d.label}** (${ing.name}) and the recorded problem **${hits.map((h) => h.label).join(', ')}** (${x.condition.label}).\n\n${x.management}` : '',
          source: x.source,
          draft: d.resource,
          related: hits.map((h) => h.ref),
          subject: [ing.rxcui, x.id],
          alternatives: ctx.criticalOnly === true || ctx.suggestions === false ? [] : withSentences(x.alternatives, kb),
        }, ctx));
      }
    }
  }
  return cards;
}
