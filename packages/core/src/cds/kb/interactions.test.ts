/**
 * The interaction knowledge base as a pharmacist checks it: a patient already taking some drugs,
 * one new order, and the card signing should raise (or the silence that is right).
 * Severity: critical = ONC high-priority (signing needs an override reason); warning = major;
 * info = moderate or ONC non-interruptive.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate.ts';
import { defaultKnowledgeBase } from '../knowledge-base.ts';
import { draft, input, med, patient } from '../test-fixtures.ts';
import type { Card } from '../types.ts';
import { ANTICOAGULANT_INTERACTIONS } from './interactions-anticoagulant.data.ts';
import { CARDIAC_RENAL_INTERACTIONS } from './interactions-cardiac-renal.data.ts';
import { CNS_INTERACTIONS } from './interactions-cns.data.ts';
import { CYP_INTERACTIONS } from './interactions-cyp.data.ts';
import { interactionPairCounts } from './tools/kb-counts.ts';

const RX = {
  warfarin: '11289', clarithromycin: '21212', azithromycin: '18631', fluconazole: '4450', amoxicillin: '723', itraconazole: '28031',
  ciprofloxacin: '2551', rifampin: '9384', apixaban: '1364430', acetaminophen: '161', lisinopril: '29046', atorvastatin: '83367',
  simvastatin: '36567', digoxin: '3407', amiodarone: '703', verapamil: '11170', lithium: '6448', ibuprofen: '5640',
  hydrochlorothiazide: '5487', spironolactone: '9997', potassiumChloride: '8591', clopidogrel: '32968', omeprazole: '7646',
  pantoprazole: '40790', quetiapine: '51272', levofloxacin: '82122', citalopram: '2556', ondansetron: '26225', sertraline: '36437',
  fentanyl: '4337', methyleneBlue: '6878', methotrexate: '6851', naproxen: '7258', theophylline: '10438', sildenafil: '136411',
  nitroglycerin: '4917', valproate: '11118', meropenem: '29561', tacrolimus: '42316', amlodipine: '17767', metoprolol: '6918',
  levothyroxine: '10582',
  /** sulfamethoxazole 800 MG / trimethoprim 160 MG Oral Tablet (SCD): resolves to both ingredients. */
  tmpSmxDs: '198335',
} as const;

/** Drug-drug cards raised when `ordering` is signed for a patient taking `taking`. */
function interactionCards(taking: readonly string[], ordering: string): Card[] {
  const r = evaluate(input(patient({ activeMedications: taking.map((t) => med(t)) }), [draft(ordering)]));
  if (!r.ok) throw r.error;
  return r.value.filter((c) => c.extension['lantern.rule'] === 'drug-drug');
}
const one = (taking: readonly string[], ordering: string): Card => {
  const cards = interactionCards(taking, ordering);
  expect(cards, `expected one interaction card, got ${cards.map((c) => c.summary).join(' / ')}`).toHaveLength(1);
  return cards[0] as Card;
};

describe('warfarin: the combinations that raise the INR or the bleeding risk', () => {
  it('clarithromycin ordered for a patient on warfarin: a warning naming both drugs, with INR advice', () => {
    const card = one([RX.warfarin], RX.clarithromycin);
    expect(card.indicator).toBe('warning');
    expect(card.summary.toLowerCase()).toContain('clarithromycin');
    expect(card.summary.toLowerCase()).toContain('warfarin');
    expect(card.detail).toContain('INR');
    expect(card.extension['lantern.kbEntry']).toBe('ddi/label/warfarin--macrolide');
    expect(card.source.url).toMatch(/^https:\/\//);
  });

  it('the reverse: warfarin ordered for a patient on clarithromycin raises the same warning', () => {
    const card = one([RX.clarithromycin], RX.warfarin);
    expect(card.indicator).toBe('warning');
    expect(card.extension['lantern.kbEntry']).toBe('ddi/label/warfarin--macrolide');
  });

  it('fluconazole, itraconazole, ciprofloxacin and TMP-SMX with warfarin: a warning each', () => {
    for (const drug of [RX.fluconazole, RX.itraconazole, RX.ciprofloxacin, RX.tmpSmxDs]) {
      expect(interactionCards([RX.warfarin], drug).some((c) => c.indicator === 'warning'), drug).toBe(true);
    }
  });

  it('rifampin with warfarin: a warning that the INR will fall', () => {
    expect(one([RX.warfarin], RX.rifampin).summary).toMatch(/INR falls/);
  });

  it('amoxicillin ordered for a patient on warfarin: silence (no interaction card)', () => {
    expect(interactionCards([RX.warfarin], RX.amoxicillin)).toEqual([]);
  });

  it('apixaban with itraconazole: a warning to halve or avoid', () => {
    expect(one([RX.apixaban], RX.itraconazole).detail).toMatch(/halve the dose/);
  });
});

describe('statins, digoxin, immunosuppressants and CYP3A4', () => {
  it('simvastatin with clarithromycin interrupts (ONC high-priority); atorvastatin with itraconazole warns', () => {
    expect(one([RX.clarithromycin], RX.simvastatin).indicator).toBe('critical');
    const atorva = one([RX.itraconazole], RX.atorvastatin);
    expect(atorva.indicator).toBe('warning');
    expect(atorva.extension['lantern.kbEntry']).toBe('ddi/label/atorvastatin--strong-cyp3a4');
  });

  it('digoxin with amiodarone or verapamil: a warning', () => {
    expect(one([RX.digoxin], RX.amiodarone).indicator).toBe('warning');
    expect(one([RX.digoxin], RX.verapamil).indicator).toBe('warning');
  });

  it('tacrolimus with clarithromycin: a warning to check trough levels', () => {
    expect(interactionCards([RX.tacrolimus], RX.clarithromycin).some((c) => /trough/.test(c.detail))).toBe(true);
  });

  it('amlodipine with clarithromycin: a warning (hypotension, kidney injury), azithromycin offered', () => {
    const card = one([RX.amlodipine], RX.clarithromycin);
    expect(card.indicator).toBe('warning');
    expect(JSON.stringify(card.suggestions)).toContain('azithromycin');
  });
});

describe('kidney, potassium and lithium', () => {
  it('lithium with ibuprofen or hydrochlorothiazide: a warning', () => {
    expect(one([RX.lithium], RX.ibuprofen).indicator).toBe('warning');
    expect(one([RX.lithium], RX.hydrochlorothiazide).indicator).toBe('warning');
  });

  it('potassium chloride for a patient on spironolactone: a hyperkalemia warning', () => {
    expect(one([RX.spironolactone], RX.potassiumChloride).summary).toMatch(/hyperkalemia/);
  });

  it('TMP-SMX for a patient on lisinopril: a hyperkalemia warning', () => {
    expect(interactionCards([RX.lisinopril], RX.tmpSmxDs).some((c) => c.indicator === 'warning' && /hyperkalemia/.test(c.summary))).toBe(true);
  });

  it('methotrexate with TMP-SMX or naproxen: a warning', () => {
    expect(interactionCards([RX.methotrexate], RX.tmpSmxDs).some((c) => c.indicator === 'warning')).toBe(true);
    expect(one([RX.methotrexate], RX.naproxen).indicator).toBe('warning');
  });

  it('hydrochlorothiazide for a patient on lisinopril: information only (ONC non-interruptive)', () => {
    expect(one([RX.lisinopril], RX.hydrochlorothiazide).indicator).toBe('info');
  });
});

describe('antiplatelets, QT, serotonin and the rest', () => {
  it('omeprazole for a patient on clopidogrel warns and offers pantoprazole; pantoprazole is silent', () => {
    const card = one([RX.clopidogrel], RX.omeprazole);
    expect(card.indicator).toBe('warning');
    expect(JSON.stringify(card.suggestions)).toContain('pantoprazole');
    expect(interactionCards([RX.clopidogrel], RX.pantoprazole)).toEqual([]);
  });

  it('levofloxacin for a patient on quetiapine warns; ondansetron with citalopram interrupts', () => {
    expect(one([RX.quetiapine], RX.levofloxacin).summary).toMatch(/QT/);
    expect(one([RX.citalopram], RX.ondansetron).indicator).toBe('critical');
  });

  it('fentanyl or methylene blue for a patient on sertraline: a serotonin syndrome warning', () => {
    expect(one([RX.sertraline], RX.fentanyl).summary).toMatch(/serotonin syndrome/);
    expect(one([RX.sertraline], RX.methyleneBlue).summary).toMatch(/serotonin syndrome/);
  });

  it('ibuprofen for a patient on sertraline: information (GI bleeding), not a warning', () => {
    expect(one([RX.sertraline], RX.ibuprofen).indicator).toBe('info');
  });

  it('theophylline with ciprofloxacin, sildenafil with nitroglycerin, valproate with meropenem: a warning each', () => {
    expect(one([RX.theophylline], RX.ciprofloxacin).indicator).toBe('warning');
    expect(one([RX.nitroglycerin], RX.sildenafil).indicator).toBe('warning');
    expect(one([RX.valproate], RX.meropenem).indicator).toBe('warning');
  });

  it('acetaminophen for a patient on lisinopril, metoprolol and levothyroxine: silence', () => {
    const r = evaluate(input(
      patient({ activeMedications: [med(RX.lisinopril), med(RX.metoprolol), med(RX.levothyroxine)] }),
      [draft(RX.acetaminophen, { dose: { value: 650, unit: 'mg', perDay: 4 } })],
    ));
    if (!r.ok) throw r.error;
    expect(r.value).toEqual([]);
  });
});

describe('the pharmacist tables', () => {
  const tables = [...ANTICOAGULANT_INTERACTIONS, ...CYP_INTERACTIONS, ...CARDIAC_RENAL_INTERACTIONS, ...CNS_INTERACTIONS];

  it('every entry is major (warning) or moderate (info), cites a source with a URL and says what to do', () => {
    for (const x of tables) {
      expect(['warning', 'info'], x.id).toContain(x.severity);
      expect(x.source.url, x.id).toMatch(/^https:\/\//);
      expect(x.management.length, x.id).toBeGreaterThan(20);
    }
  });

  it('holds well over 150 cited ingredient pairs beyond the ONC lists', () => {
    const { beyondOnc } = interactionPairCounts(defaultKnowledgeBase());
    expect(beyondOnc.critical).toBe(0);
    expect(beyondOnc.warning + beyondOnc.info).toBeGreaterThanOrEqual(150);
  });
});
