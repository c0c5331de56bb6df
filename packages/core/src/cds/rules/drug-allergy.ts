/**
 * Drug-allergy: allergies recorded by ingredient, by product (resolved to its ingredients) or by
 * class (a class code or plain text such as "Penicillins"), with class cross-sensitivity.
 * Direct ingredient or class match: critical. Another member of the allergen's class: warning.
 * Cross-sensitive class (penicillins and cephalosporins): per knowledge base (warning).
 * Sulfonamide antibiotic allergy does not extend to non-antibiotic sulfonamides (Strom 2003).
 */
import type { AllergyIntolerance } from '../../fhir/types.ts';
import { buildCard } from '../card.ts';
import { codeKey, type KnowledgeBase } from '../knowledge-base.ts';
import type { RuleContext } from '../rule-context.ts';
import type { Citation } from '../kb/schema.ts';
import { INDICATOR_RANK, type Card, type Indicator } from '../types.ts';
import { DRUG_ALLERGY_2022 } from '../kb/citations.ts';

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

interface Match { indicator: Indicator; entry: string; why: string; management: string; source: Citation; subject: string }

const inactive = (a: AllergyIntolerance): boolean => {
  const v = a.verificationStatus?.coding?.[0]?.code;
  const c = a.clinicalStatus?.coding?.[0]?.code;
  return v === 'refuted' || v === 'entered-in-error' || (c !== undefined && c !== 'active');
};

export function drugAllergyRule(ctx: RuleContext): Card[] {
  const { kb } = ctx;
  const cards: Card[] = [];
  const allergens = ctx.input.context.allergies.filter((a) => !inactive(a)).map((a) => {
    const allergen = allergenOf(a, kb);
    // Classes of the allergen that matter for allergy (penicillins, not "serotonergic").
    const allergenClasses = new Set(allergen.classes);
    for (const r of allergen.ingredients) for (const c of kb.ingredients.get(r)?.classes ?? []) if (kb.allergyClassIds.has(c)) allergenClasses.add(c);
    return { a, allergen, allergenClasses };
  });
  for (const d of ctx.targetMeds) {
    for (const { a, allergen, allergenClasses } of allergens) {
      let best: Match | null = null;
      const consider = (m: Match): void => {
        if (best === null || INDICATOR_RANK[m.indicator] > INDICATOR_RANK[best.indicator]) best = m;
      };
      for (const ing of d.ingredients) {
        const ingClasses = kb.ingredients.get(ing.rxcui)?.classes ?? [];
        if (allergen.ingredients.has(ing.rxcui)) {
          consider({ indicator: 'critical', entry: `allergy/ingredient/${ing.rxcui}`, why: `${ing.name} is a recorded allergen`, management: 'Do not give unless the allergy has been evaluated and de-labelled.', source: DRUG_ALLERGY_2022, subject: ing.rxcui });
        }
        for (const c of ingClasses) {
          const className = kb.classes.get(c)?.name ?? c;
          if (allergen.classes.has(c)) {
            consider({ indicator: 'critical', entry: `allergy/class/${c}`, why: `${ing.name} is one of the ${className}, a recorded allergy`, management: 'Do not give unless the allergy has been evaluated and de-labelled.', source: DRUG_ALLERGY_2022, subject: c });
          } else if (allergenClasses.has(c)) {
            consider({ indicator: 'warning', entry: `allergy/same-class/${c}`, why: `${ing.name} is in the same class (${className}) as the recorded allergen`, management: 'Review the reaction history before giving another member of the class.', source: DRUG_ALLERGY_2022, subject: c });
          }
        }
        for (const ac of allergenClasses) {
          for (const x of kb.crossByAllergyClass.get(ac) ?? []) {
            if (ingClasses.includes(x.orderedClass)) {
              consider({ indicator: x.severity, entry: x.id, why: `${ing.name}: ${x.effect}`, management: x.management, source: x.source, subject: `${ac}>${x.orderedClass}` });
            }
          }
        }
      }
      const m = best as Match | null;
      if (m === null) continue;
      const criticality = a.criticality === undefined ? '' : ` (criticality: ${a.criticality})`;
      cards.push(buildCard({
        rule: 'drug-allergy',
        kbEntry: m.entry,
        kbVersion: kb.version,
        indicator: m.indicator,
        summary: `Allergy: ${d.label} - ${m.why}`,
        detail: [`**${d.label}** and the recorded allergy to **${allergen.label}**${criticality}.`, '', `${m.why}.`, '', m.management].join('\n'),
        source: m.source,
        draft: d.resource,
        related: [`AllergyIntolerance/${a.id ?? ''}`],
        subject: [m.subject, ...[...allergen.ingredients].sort(), ...[...allergen.classes].sort()],
      }));
    }
  }
  return cards;
}
