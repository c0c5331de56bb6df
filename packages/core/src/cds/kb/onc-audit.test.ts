/**
 * Audit of the knowledge base against the ONC lists, through the real engine: for every row of the
 * high-priority list, every object member x every precipitant member, in both directions (the
 * patient takes one, the clinician orders the other), signing must raise a critical drug-drug card.
 * Every pair of the non-interruptive list must not interrupt (no critical card).
 * The lists are the repository's copies of the shared reference (kb/reference/README.md).
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate.ts';
import { draft, input, med, patient } from '../test-fixtures.ts';
import type { Card } from '../types.ts';
import HP from './reference/onc_high_priority_class_members.json' with { type: 'json' };
import NI from './reference/onc_non_interruptive_ddi.json' with { type: 'json' };
import { ONC_INTERACTIONS } from './interactions-onc.data.ts';

interface Member { normalized: string; rxcui: string }

/** Row 21 has no members in the paper: the knowledge base fills it from CredibleMeds known risk. */
const QT_KNOWN_RISK_RXCUIS = ONC_INTERACTIONS.find((x) => x.id.startsWith('ddi/onc-hp/21-'))?.object.rxcuis ?? [];

/** The drug-drug cards raised when `ordered` is signed for a patient already taking `active`. */
function drugDrugCards(active: string, ordered: string): Card[] {
  const r = evaluate(input(patient({ activeMedications: [med(active)] }), [draft(ordered)]));
  if (!r.ok) throw r.error;
  return r.value.filter((c) => c.extension['lantern.rule'] === 'drug-drug');
}
const hasCritical = (cards: Card[]): boolean => cards.some((c) => c.indicator === 'critical');

/** Every ordered pair (a, b) of an ONC row, a != b, with the members' names for messages. */
function rowPairs(objects: Member[], precipitants: Member[]): [Member, Member][] {
  const out: [Member, Member][] = [];
  for (const o of objects) for (const p of precipitants) if (o.rxcui !== p.rxcui) out.push([o, p]);
  return out;
}

const HP_ROWS = HP.entries.map((e) => ({ no: e.table2_candidate_no, objects: e.object_members, precipitants: e.precipitant_members }));
const hpPairKeys = new Set<string>();
for (const row of HP_ROWS) for (const [o, p] of rowPairs(row.objects, row.precipitants)) hpPairKeys.add([o.rxcui, p.rxcui].sort().join('|'));
for (const a of QT_KNOWN_RISK_RXCUIS) for (const b of QT_KNOWN_RISK_RXCUIS) if (a !== b) hpPairKeys.add([a, b].sort().join('|'));

// The paper's salicylates (the transcription's column is wrong; see kb/reference/README.md).
const SALICYLATES: Member[] = [
  { normalized: 'aspirin', rxcui: '1191' }, { normalized: 'salsalate', rxcui: '36108' }, { normalized: 'diflunisal', rxcui: '3393' },
];
// Sides the transcription left empty, named by the row's class (a single drug).
const SINGLE: Record<string, Member> = {
  niacin: { normalized: 'niacin', rxcui: '7393' }, clopidogrel: { normalized: 'clopidogrel', rxcui: '32968' },
  omeprazole: { normalized: 'omeprazole', rxcui: '7646' }, acetaminophen: { normalized: 'acetaminophen', rxcui: '161' },
};
function niSide(cls: string, members: Member[]): Member[] {
  if (cls === 'Salicylates') return SALICYLATES;
  const listed = members.filter((m) => m.rxcui !== 'UNVERIFIED');
  if (listed.length > 0) return listed;
  const single = Object.entries(SINGLE).find(([k]) => cls.toLowerCase().startsWith(k));
  return single === undefined ? [] : [single[1]];
}
const NI_ROWS = NI.entries
  .map((e) => ({ no: e.list_no, objects: niSide(e.object_class, e.object_members), precipitants: niSide(e.precipitant_class, e.precipitant_members) }))
  .filter((r) => r.objects.length > 0 && r.precipitants.length > 0);

describe('ONC high-priority list: every member pair interrupts, both directions', () => {
  it.each(HP_ROWS.filter((r) => r.objects.length > 0))('row $no', ({ objects, precipitants }) => {
    const missing: string[] = [];
    for (const [o, p] of rowPairs(objects, precipitants)) {
      if (!hasCritical(drugDrugCards(p.rxcui, o.rxcui))) missing.push(`${o.normalized} ordered, ${p.normalized} active`);
      if (!hasCritical(drugDrugCards(o.rxcui, p.rxcui))) missing.push(`${p.normalized} ordered, ${o.normalized} active`);
    }
    expect(missing).toEqual([]);
  });

  it('covers the whole list: 400 member pairs', () => {
    const n = HP_ROWS.reduce((sum, r) => sum + rowPairs(r.objects, r.precipitants).length, 0);
    expect(n).toBe(400);
  });

  it('row 21 (QT + QT, no members in the paper): every pair of known-risk drugs interrupts', () => {
    const missing: string[] = [];
    for (const a of QT_KNOWN_RISK_RXCUIS) {
      for (const b of QT_KNOWN_RISK_RXCUIS) if (a !== b && !hasCritical(drugDrugCards(a, b))) missing.push(`${b} ordered, ${a} active`);
    }
    expect(missing).toEqual([]);
  });
});

describe('ONC non-interruptive list: no pair interrupts', () => {
  it.each(NI_ROWS)('item $no', ({ objects, precipitants }) => {
    const interrupting: string[] = [];
    for (const [o, p] of rowPairs(objects, precipitants)) {
      // A pair that is also on the high-priority list (e.g. sotalol + citalopram, both QT known
      // risk) keeps its critical card: the high-priority list wins.
      if (hpPairKeys.has([o.rxcui, p.rxcui].sort().join('|'))) continue;
      if (hasCritical(drugDrugCards(p.rxcui, o.rxcui))) interrupting.push(`${o.normalized} ordered, ${p.normalized} active`);
      if (hasCritical(drugDrugCards(o.rxcui, p.rxcui))) interrupting.push(`${p.normalized} ordered, ${o.normalized} active`);
    }
    expect(interrupting).toEqual([]);
  });

  it('the only non-interruptive pairs left critical are also high-priority pairs', () => {
    const both = NI_ROWS.flatMap((r) => rowPairs(r.objects, r.precipitants))
      .filter(([o, p]) => hpPairKeys.has([o.rxcui, p.rxcui].sort().join('|')))
      .map(([o, p]) => `${o.normalized} + ${p.normalized}`);
    expect(both).toEqual(['sotalol + citalopram', 'sotalol + escitalopram']);
  });
});
