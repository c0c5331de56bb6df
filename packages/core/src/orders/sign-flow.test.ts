import { describe, expect, it } from 'vitest';
import { buildMedicationOrder } from './medication-order.ts';
import { applySuggestion, canSign, prepareSelect, prepareSign, signOrders } from './sign-flow.ts';
import { NOW, onClarithromycin, orderInput } from './test-support.ts';
import { readCdsOverrides } from './cds-override.ts';
import { gateMedicationWrite } from './medication-gate.ts';
import { patient } from '../cds/test-fixtures.ts';
import type { MedicationRequest } from '../fhir/types.ts';

const ctx = { context: onClarithromycin(), now: NOW, userId: 'user-1', deviceId: 'device-1' };
const simva = () => { const r = buildMedicationOrder(orderInput()); if (!r.ok) throw r.error; return r.value; };

describe('order sign flow', () => {
  it('simvastatin for a patient on clarithromycin: a critical card blocks signing until a reason is chosen; the override is audited', () => {
    const drafts = [simva()];
    const cards = prepareSign(drafts, ctx);
    if (!cards.ok) throw cards.error;
    const critical = cards.value.find((c) => c.indicator === 'critical');
    expect(critical?.summary.toLowerCase()).toContain('simvastatin');
    expect(canSign(cards.value, []).canSign).toBe(false);
    const refused = signOrders(drafts, cards.value, [], ctx);
    expect(!refused.ok && refused.error.code).toBe('PRECONDITION_REQUIRED');
    expect(canSign(cards.value, [{ cardUuid: critical!.uuid, reasonCode: 'made-up' }]).canSign).toBe(false);
    const overrides = cards.value.filter((c) => c.indicator === 'critical').map((c) => ({ cardUuid: c.uuid, reasonCode: 'will-monitor', comment: 'short course, CK checked' }));
    expect(canSign(cards.value, overrides).canSign).toBe(true);
    const signed = signOrders(drafts, cards.value, overrides, ctx);
    if (!signed.ok) throw signed.error;
    expect(signed.value.orders[0]?.status).toBe('active');
    const override = signed.value.auditEvents.find((e) => e.action === 'cds-override');
    expect(override?.reason).toBe('Will monitor or adjust dose: short course, CK checked');
    expect(override?.detail['indicator']).toBe('critical');
    expect(signed.value.auditEvents.filter((e) => e.action === 'order-sign')).toHaveLength(1);
  });

  it('"Cancel this order" applies in one call and clears the critical card', () => {
    const drafts = [simva()];
    const cards = prepareSelect(drafts, [drafts[0]!.id!], ctx);
    if (!cards.ok) throw cards.error;
    const critical = cards.value.find((c) => c.indicator === 'critical')!;
    const cancel = critical.suggestions.find((s) => s.label === 'Cancel this order')!;
    const after = applySuggestion(drafts, critical, cancel.uuid);
    expect(after.ok && after.value).toEqual([]);
    expect(applySuggestion([], critical, cancel.uuid).ok).toBe(false);
    expect(applySuggestion(drafts, critical, 'nope').ok).toBe(false);
  });

  it('a safer-alternative suggestion swaps the drug as a new draft in one call', () => {
    // simvastatin + gemfibrozil lists fenofibrate as the alternative for the fibrate.
    const gem = buildMedicationOrder(orderInput({ id: '88888888-8888-4888-8888-000000000002', medication: { rxcui: '4719', name: 'gemfibrozil' }, dose: { value: 600, unit: 'mg' }, frequency: 'BID' }));
    if (!gem.ok) throw gem.error;
    const withSimva = { ...ctx, context: { ...ctx.context, activeMedications: [{ ...simva(), status: 'active' as const }] } };
    const cards = prepareSign([gem.value], withSimva);
    if (!cards.ok) throw cards.error;
    const card = cards.value.find((c) => c.suggestions.some((s) => s.label.includes('fenofibrate')));
    expect(card).toBeDefined();
    const s = card!.suggestions.find((x) => x.label.includes('fenofibrate'))!;
    const after = applySuggestion([gem.value], card!, s.uuid);
    if (!after.ok) throw after.error;
    expect(after.value).toHaveLength(1);
    expect(after.value[0]?.resourceType === 'MedicationRequest' && after.value[0].medicationCodeableConcept?.coding?.[0]?.code).toBe('8703');
    expect(after.value[0]?.status).toBe('draft');
  });

  it('a signed order carries its overrides, and the server-side gate accepts exactly that order', () => {
    const drafts = [simva()];
    const cards = prepareSign(drafts, ctx);
    if (!cards.ok) throw cards.error;
    const critical = cards.value.filter((c) => c.indicator === 'critical');
    const overrides = critical.map((c) => ({ cardUuid: c.uuid, reasonCode: 'will-monitor', comment: 'CK checked' }));
    const signed = signOrders(drafts, cards.value, overrides, ctx);
    if (!signed.ok) throw signed.error;
    const order = signed.value.orders[0]!;
    expect(readCdsOverrides(order)).toEqual(critical.map((c) => ({ card: c.uuid, reason: 'will-monitor', comment: 'CK checked', author: 'user-1', at: NOW })));
    const onServer = gateMedicationWrite({ before: null, after: order, context: ctx.context, now: NOW, userId: 'user-1' });
    expect(onServer.ok).toBe(true);
    // Without the extension (an older workstation, or stripped in transit) the server refuses it.
    const stripped = gateMedicationWrite({ before: null, after: { ...order, extension: [] }, context: ctx.context, now: NOW, userId: 'user-1' });
    expect(!stripped.ok && stripped.error.code).toBe('PRECONDITION_REQUIRED');
  });

  it('clarithromycin and simvastatin signed together with an override: the server accepts them in either arrival order', () => {
    const clari = buildMedicationOrder(orderInput({ id: '88888888-8888-4888-8888-000000000003', medication: { rxcui: '21212', name: 'clarithromycin' }, dose: { value: 500, unit: 'mg' }, frequency: 'BID' }));
    if (!clari.ok) throw clari.error;
    const drafts = [clari.value, simva()];
    const none = { ...ctx, context: patient() };
    const cards = prepareSign(drafts, none);
    if (!cards.ok) throw cards.error;
    const critical = cards.value.filter((c) => c.indicator === 'critical');
    expect(critical.map((c) => c.summary.toLowerCase()).join(' ')).toContain('clarithromycin');
    const signed = signOrders(drafts, cards.value, critical.map((c) => ({ cardUuid: c.uuid, reasonCode: 'will-monitor' })), none);
    if (!signed.ok) throw signed.error;
    const [first, second] = signed.value.orders as [MedicationRequest, MedicationRequest];
    // The server takes one, then checks the other with the first already active, whichever comes first.
    for (const [earlier, later] of [[first, second], [second, first]] as const) {
      expect(gateMedicationWrite({ before: null, after: earlier, context: patient(), now: NOW, userId: 'user-1' }).ok).toBe(true);
      const onServer = gateMedicationWrite({ before: null, after: later, context: patient({ activeMedications: [earlier] }), now: NOW, userId: 'user-1' });
      expect(onServer.ok ? onServer.value.overridden.map((o) => o.card.indicator) : onServer.error.message).toEqual(['critical']);
    }
  });
});
