/**
 * Drug-allergy: allergies recorded by ingredient, by product (resolved to its ingredients) or by
 * class (a class code or plain text such as "Penicillins"), with class cross-sensitivity.
 * The card's severity grades two things (Khan DA et al., Drug allergy practice parameter 2022):
 * how close the ordered drug is to the allergen (the same drug or recorded class; another member
 * of the class; a cross-reactive class; a documented low cross-reactivity such as penicillin and
 * a dissimilar side-chain cephalosporin) and how dangerous the allergy is (allergy-risk.ts:
 * criticality and recorded reaction). A documented low-risk cross-reaction is information only.
 * Sulfonamide antibiotic allergy does not extend to non-antibiotic sulfonamides (Strom 2003).
 */
import type { AllergyIntolerance } from '../../fhir/types.ts';
import { buildCard } from '../card.ts';
import { codeKey, type KnowledgeBase } from '../knowledge-base.ts';
import { writesBody, type RuleContext } from '../rule-context.ts';
import type { Citation } from '../kb/schema.ts';
import { INDICATOR_RANK, type Card, type Indicator } from '../types.ts';
import { DRUG_ALLERGY_2022 } from '../kb/citations.ts';
import { allergyRisk, type AllergyRisk } from '../allergy-risk.ts';

/** How close the ordered drug is to the allergen. */
export type Closeness = 'same-drug' | 'same-class' | 'cross-reactive' | 'documented-low';

/** Severity by allergy risk and closeness. */
const GRADE: Record<AllergyRisk, Record<Closeness, Indicator>> = {
  high: { 'same-drug': 'critical', 'same-class': 'critical', 'cross-reactive': 'warning', 'documented-low': 'info' },
  moderate: { 'same-drug': 'critical', 'same-class': 'warning', 'cross-reactive': 'warning', 'documented-low': 'info' },
  low: { 'same-drug': 'warning', 'same-class': 'info', 'cross-reactive': 'info', 'documented-low': 'info' },
};
const CLOSENESS_WORDS: Record<Closeness, string> = {
  'same-drug': 'the recorded allergen itself', 'same-class': 'another member of the allergen\'s class',
  'cross-reactive': 'a cross-reactive drug', 'documented-low': 'a drug with documented low cross-reactivity',
};

interface Allergen {
  /** Ingredients the patient reacted to. */
  ingredients: Set<string>;
  /** Classes the allergy was recorded as. */
  classes: Set<string>;
  label: string;
}

export function allergenOf(a: AllergyIntolerance, kb: KnowledgeBase): Allergen {
  const ingredients = new Set<string>();
  const classes = new Set<string>();
  for (const c of a.code?.coding ?? []) {
    if (c.system === undefined || c.code === undefined) continue;
    const cls = kb.allergyClassByCode.get(codeKey(c.system, c.code));
    if (cls !== undefined) classes.add(cls);
    if (c.system !== 'http://www.nlm.nih.gov/research/umls/rxnorm') continue;
    if (kb.ingredients.has(c.code)) ingredients.add(c.code);
    for (const i of kb.products.get(c.code)?.ingredients ?? []) ingredients.add(i.rxcui);
  }
  const text = a.code?.text?.trim().toLowerCase();
  if (text !== undefined && ingredients.size === 0 && classes.size === 0) {
    const cls = kb.allergyClassByText.get(text);
    if (cls !== undefined) classes.add(cls);
    const ingredient = kb.ingredientByName.get(text);
    if (ingredient !== undefined) ingredients.add(ingredient);
  }
  const label = a.code?.text ?? a.code?.coding?.[0]?.display ?? 'recorded allergen';
  return { ingredients, classes, label };
}

/**
 * Whether a match of this closeness would be more severe than the best so far: only then is it
 * built (its words are written only for a match that can become the card).
 */
const beats = (best: Match | null, indicator: Indicator): boolean => best === null || INDICATOR_RANK[indicator] > INDICATOR_RANK[best.indicator];

interface Match { closeness: Closeness; indicator: Indicator; entry: string; why: string; management: string; source: Citation; subject: string }

const inactive = (a: AllergyIntolerance): boolean => {
  const v = a.verificationStatus?.coding?.[0]?.code;
  const c = a.clinicalStatus?.coding?.[0]?.code;
  return v === 'refuted' || v === 'entered-in-error' || (c !== undefined && c !== 'active');
};

interface Prepared {
  a: AllergyIntolerance;
  allergen: Allergen;
  allergenClasses: Set<string>;
  /** The same classes as a list, for the cross-sensitivity loop. */
  allergenClassList: readonly string[];
  /** The allergen's ingredients then classes, each sorted: the tail of every card's subject. */
  subjectTail: readonly string[];
  risk: ReturnType<typeof allergyRisk>;
}

interface AllergenMemo { kb: KnowledgeBase; code: AllergyIntolerance['code']; type: AllergyIntolerance['type']; criticality: AllergyIntolerance['criticality']; reaction: AllergyIntolerance['reaction']; verification: AllergyIntolerance['verificationStatus']; prepared: Prepared }
const allergenMemo = new WeakMap<AllergyIntolerance, AllergenMemo>();

/**
 * One allergy resolved against the knowledge base, once per allergy object: the server keeps a
 * patient's record between pushes, so a chart's allergies are resolved again only when one changes.
 * Chart resources are immutable values (a changed allergy is a new object); as a guard the memo is
 * also dropped when a field it reads is replaced on the same object, or the knowledge base differs.
 */
function prepareOne(a: AllergyIntolerance, kb: KnowledgeBase): Prepared {
  const m = allergenMemo.get(a);
  if (m !== undefined && m.kb === kb && m.code === a.code && m.criticality === a.criticality && m.reaction === a.reaction && m.type === a.type && m.verification === a.verificationStatus) return m.prepared;
  const allergen = allergenOf(a, kb);
  // Classes of the allergen that matter for allergy (penicillins, not "serotonergic").
  const allergenClasses = new Set(allergen.classes);
  for (const r of allergen.ingredients) for (const c of kb.ingredients.get(r)?.classes ?? []) if (kb.allergyClassIds.has(c)) allergenClasses.add(c);
  const subjectTail = [...[...allergen.ingredients].sort(), ...[...allergen.classes].sort()];
  const prepared = { a, allergen, allergenClasses, allergenClassList: [...allergenClasses], subjectTail, risk: allergyRisk(a) };
  allergenMemo.set(a, { kb, code: a.code, type: a.type, criticality: a.criticality, reaction: a.reaction, verification: a.verificationStatus, prepared });
  return prepared;
}

/** Each active allergy resolved once per evaluation (the suggestion re-checks reuse it). */
function prepare(ctx: RuleContext): Prepared[] {
  const { kb } = ctx;
  return ctx.input.context.allergies.filter((a) => !inactive(a)).map((a) => prepareOne(a, kb));
}

export function drugAllergyRule(ctx: RuleContext): Card[] {
  const { kb } = ctx;
  const cards: Card[] = [];
  const allergens = (ctx.memo.allergens as Prepared[] | undefined) ?? prepare(ctx);
  ctx.memo.allergens = allergens;
  const avoid = 'Do not give unless the allergy has been evaluated and de-labelled.';
  for (const d of ctx.targetMeds) {
    for (const { a, allergen, allergenClasses, allergenClassList, subjectTail, risk } of allergens) {
      let best: Match | null = null;
      const grade = GRADE[risk.risk];
      for (const ing of d.ingredients) {
        const ingClasses = kb.ingredients.get(ing.rxcui)?.classes ?? [];
        if (allergen.ingredients.has(ing.rxcui) && beats(best, grade['same-drug'])) {
          best = { closeness: 'same-drug', indicator: grade['same-drug'], entry: `allergy/ingredient/${ing.rxcui}`, why: `${ing.name} is a recorded allergen`, management: avoid, source: DRUG_ALLERGY_2022, subject: ing.rxcui };
        }
        for (const c of ingClasses) {
          if (allergen.classes.has(c)) {
            if (!beats(best, grade['same-drug'])) continue;
            const className = kb.classes.get(c)?.name ?? c;
            best = { closeness: 'same-drug', indicator: grade['same-drug'], entry: `allergy/class/${c}`, why: `${ing.name} is one of the ${className}, a recorded allergy`, management: avoid, source: DRUG_ALLERGY_2022, subject: c };
          } else if (allergenClasses.has(c) && !allergen.ingredients.has(ing.rxcui)) {
            if (!beats(best, grade['same-class'])) continue;
            const className = kb.classes.get(c)?.name ?? c;
            best = { closeness: 'same-class', indicator: grade['same-class'], entry: `allergy/same-class/${c}`, why: `${ing.name} is in the same class (${className}) as the recorded allergen`, management: 'Review the reaction history before giving another member of the class.', source: DRUG_ALLERGY_2022, subject: c };
          }
        }
        for (const ac of allergenClassList) {
          const cross = kb.crossByAllergyClass.get(ac);
          if (cross === undefined) continue;
          // An entry naming this ingredient (a side-chain group) takes precedence over the class-wide one.
          let specific = false;
          for (const x of cross) if (ingClasses.includes(x.orderedClass) && x.orderedRxcuis.includes(ing.rxcui)) specific = true;
          for (const x of cross) {
            if (!ingClasses.includes(x.orderedClass)) continue;
            if (specific ? !x.orderedRxcuis.includes(ing.rxcui) : x.orderedRxcuis.length !== 0) continue;
            if (!beats(best, grade[x.level])) continue;
            best = { closeness: x.level, indicator: grade[x.level], entry: x.id, why: `${ing.name}: ${x.effect}`, management: x.management, source: x.source, subject: `${ac}>${x.orderedClass}` };
          }
        }
      }
      const m = best as Match | null;
      if (m === null || (ctx.criticalOnly === true && m.indicator !== 'critical')) continue;
      cards.push(buildCard({
        rule: 'drug-allergy',
        kbEntry: m.entry,
        kbVersion: kb.version,
        indicator: m.indicator,
        summary: writesBody(ctx, m.indicator) ? `Allergy: ${d.label} - ${m.why}` : '',
        detail: writesBody(ctx, m.indicator) ? `**${d.label}** and the recorded allergy to **${allergen.label}** (${risk.why}${a.criticality === undefined ? '' : `, criticality ${a.criticality}`}).\n\n${m.why}.\n\n`
          + `Graded **${m.indicator}**: ${CLOSENESS_WORDS[m.closeness]}, ${risk.risk}-risk allergy.\n\n${m.management}` : '',
        source: m.source,
        draft: d.resource,
        related: [`AllergyIntolerance/${a.id ?? ''}`],
        subject: [m.subject, ...subjectTail],
      }, ctx));
    }
  }
  return cards;
}
