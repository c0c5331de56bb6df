import { useId } from 'react';
import type { Card, Indicator } from '@lantern/core/cds';
import { canSign } from '@lantern/core/orders';

export interface CdsCardsProps {
  cards: readonly Card[];
  /** cardUuid -> chosen override reason code. */
  overrides: Readonly<Record<string, string>>;
  onOverride(cardUuid: string, reasonCode: string | null): void;
  /** Applies one suggestion (all of its actions) to the draft orders. */
  onApplySuggestion(card: Card, suggestionUuid: string): void;
  onSign(): void;
  signing?: boolean;
  /** Label for the sign button, e.g. "Sign 2 orders". */
  signLabel?: string;
}

const GROUPS: readonly { indicator: Indicator; title: string }[] = [
  { indicator: 'critical', title: 'Critical: override reason required' },
  { indicator: 'warning', title: 'Warnings' },
  { indicator: 'info', title: 'Information' },
];

/**
 * CDS cards grouped by severity. A critical card is a hard stop: Sign stays disabled until every
 * critical card has one of its override reasons chosen. Warnings and info may take an optional
 * reason (recorded, and hides the same alert for a while). A suggestion applies in one click.
 */
export function CdsCards({ cards, overrides, onOverride, onApplySuggestion, onSign, signing = false, signLabel = 'Sign orders' }: CdsCardsProps) {
  const id = useId();
  const gate = canSign(cards, Object.entries(overrides).map(([cardUuid, reasonCode]) => ({ cardUuid, reasonCode })));
  return (
    <section className="cds-cards" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Decision support {cards.length === 0 ? '' : `(${cards.length})`}</h3>
      {cards.length === 0 && <p className="muted">No alerts for these orders.</p>}
      {GROUPS.map((g) => {
        const group = cards.filter((c) => c.indicator === g.indicator);
        if (group.length === 0) return null;
        return (
          <div key={g.indicator} className={`cds-group cds-${g.indicator}`} role="group" aria-labelledby={`${id}-${g.indicator}`}>
            <h4 id={`${id}-${g.indicator}`}>{g.title} ({group.length})</h4>
            <ul>
              {group.map((c) => {
                const chosen = overrides[c.uuid] ?? '';
                const blocking = gate.blockers.some((b) => b.uuid === c.uuid);
                return (
                  <li key={c.uuid} className={`card cds-card cds-card-${c.indicator}`} aria-label={`${c.indicator} alert: ${c.summary}`} data-testid={`cds-card-${c.indicator}`}>
                    <p className={c.indicator === 'critical' ? 'flag flag-critical' : 'flag'}>{c.indicator.toUpperCase()}</p>
                    <p><strong>{c.summary}</strong></p>
                    <p className="muted cds-detail">{c.detail}</p>
                    <p className="muted">Source: {c.source.url === undefined ? c.source.label : <a href={c.source.url} target="_blank" rel="noreferrer">{c.source.label}</a>}</p>
                    {c.suggestions.length > 0 && (
                      <div className="actions">
                        {c.suggestions.map((s) => (
                          <button key={s.uuid} type="button" onClick={() => onApplySuggestion(c, s.uuid)}>{s.label}{s.isRecommended === true ? ' (recommended)' : ''}</button>
                        ))}
                      </div>
                    )}
                    <div className="field">
                      <label htmlFor={`${id}-${c.uuid}`}>{c.indicator === 'critical' ? 'Override reason (required to sign)' : 'Override reason (optional)'}</label>
                      <select id={`${id}-${c.uuid}`} value={chosen} aria-invalid={blocking} onChange={(e) => onOverride(c.uuid, e.target.value === '' ? null : e.target.value)}>
                        <option value="">— choose a reason —</option>
                        {c.overrideReasons.map((r) => <option key={r.code} value={r.code}>{r.display}</option>)}
                      </select>
                    </div>
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
      <div className="actions">
        <button type="button" onClick={onSign} disabled={!gate.canSign || signing} aria-describedby={gate.canSign ? undefined : `${id}-blocked`}>{signing ? 'Signing…' : signLabel}</button>
        {!gate.canSign && (
          <p id={`${id}-blocked`} className="error" role="status">
            {gate.blockers.length === 1 ? '1 critical alert needs' : `${gate.blockers.length} critical alerts need`} an override reason before signing.
          </p>
        )}
      </div>
    </section>
  );
}
