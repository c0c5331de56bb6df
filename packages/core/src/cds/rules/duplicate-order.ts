/**
 * Duplicate orders: the same lab or imaging test (same LOINC code, or codes the knowledge base
 * groups as the same test, e.g. CBC with and without differential) ordered within a window.
 */
import type { ServiceRequest } from '../../fhir/types.ts';
import { SYSTEM } from '../../fhir/codes.ts';
import { buildCard } from '../card.ts';
import type { KnowledgeBase } from '../knowledge-base.ts';
import { writesBody, type RuleContext } from '../rule-context.ts';
import type { Card } from '../types.ts';
import { CHOOSING_WISELY_LABS } from '../kb/citations.ts';

const loincs = (s: ServiceRequest): string[] => (s.code?.coding ?? []).filter((c) => c.system === SYSTEM.loinc && c.code !== undefined).map((c) => c.code as string);
const whenMs = (s: ServiceRequest): number => Date.parse(s.authoredOn ?? s.occurrenceDateTime ?? '');

const groupOf = (kb: KnowledgeBase, code: string): string => kb.duplicateOrderByLoinc.get(code)?.id ?? `dup-order/loinc/${code}`;

export function duplicateOrderRule(ctx: RuleContext): Card[] {
  const { kb } = ctx;
  const cards: Card[] = [];
  for (const draft of ctx.targetServices) {
    for (const code of loincs(draft)) {
      const rule = kb.duplicateOrderByLoinc.get(code);
      const group = groupOf(kb, code);
      const windowHours = rule?.windowHours ?? kb.data.defaultDuplicateOrderWindowHours;
      const earlier = ctx.input.context.recentOrders.filter((o) => {
        if (o.status === 'revoked' || o.status === 'entered-in-error' || o.id === draft.id) return false;
        const at = whenMs(o);
        return Number.isFinite(at) && at <= ctx.nowMs && ctx.nowMs - at < windowHours * 3_600_000 && loincs(o).some((c) => groupOf(kb, c) === group);
      });
      const otherDrafts = ctx.draftServices.filter((o) => o !== draft && (o.id ?? '') < (draft.id ?? '') && loincs(o).some((c) => groupOf(kb, c) === group));
      const dupes = [...earlier, ...otherDrafts];
      if (dupes.length === 0) continue;
      const name = rule?.name ?? draft.code?.text ?? draft.code?.coding?.[0]?.display ?? `LOINC ${code}`;
      const first = earlier[0];
      const hoursAgo = first === undefined ? null : Math.round((ctx.nowMs - whenMs(first)) / 3_600_000);
      cards.push(buildCard({
        rule: 'duplicate-order',
        kbEntry: group,
        kbVersion: kb.version,
        indicator: rule?.severity ?? 'warning',
        summary: writesBody(ctx, rule?.severity ?? 'warning') ? (hoursAgo === null ? `${name} is already in this order set` : `${name} was already ordered ${hoursAgo} h ago`) : '',
        detail: writesBody(ctx, rule?.severity ?? 'warning') ? [`**${name}** (LOINC ${code}) duplicates ${dupes.length} order(s) within ${windowHours} hours.`, '', 'Cancel this order unless a repeat is clinically needed.'].join('\n') : '',
        source: rule?.source ?? CHOOSING_WISELY_LABS,
        draft,
        related: dupes.map((o) => `ServiceRequest/${o.id ?? ''}`),
        subject: [group],
      }, ctx));
      break;
    }
  }
  return cards;
}
