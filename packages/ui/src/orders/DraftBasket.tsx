import { useId } from 'react';
import { Badge, Button, Group, Paper, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import type { Card, DraftOrder } from '@lantern/core/cds';
import { CdsCardItem } from './CdsCardItem.tsx';
import { signGate } from './CdsCards.tsx';
import { SignBar } from './SignBar.tsx';

export const draftRef = (d: DraftOrder): string => `${d.resourceType}/${d.id ?? ''}`;

export const draftLabel = (d: DraftOrder): string => d.resourceType === 'MedicationRequest'
  ? `${d.medicationCodeableConcept?.text ?? d.medicationCodeableConcept?.coding?.[0]?.display ?? 'Medication'} ${d.dosageInstruction?.[0]?.text ?? ''}`.trim()
  : `${d.code?.text ?? d.code?.coding?.[0]?.display ?? 'Test'} (${d.priority ?? 'routine'})`;

export interface DraftBasketProps {
  drafts: readonly DraftOrder[];
  cards: readonly Card[];
  overrides: Readonly<Record<string, string>>;
  onRemove(ref: string): void;
  onOverride(cardUuid: string, reasonCode: string | null): void;
  onApplySuggestion(card: Card, suggestionUuid: string): void;
  onSign(): void;
  signing: boolean;
  refusals: readonly { path: string; message: string }[];
  password?: { value: string; onChange(value: string): void };
  /** Cards are being recomputed for the latest basket. */
  checking?: boolean;
  /** Height of the scrolling list, so the sign bar stays in view. */
  maxListHeight?: number | string;
}

/**
 * The draft basket beside the search: each unsigned order with the decision support cards about it
 * directly under it (never below the fold of a long form), then one sign action for all of them.
 */
export function DraftBasket(p: DraftBasketProps) {
  const id = useId();
  const { hardStops, blockers } = signGate(p.cards, p.overrides);
  const refs = new Set(p.drafts.map(draftRef));
  const cardsOf = (ref: string) => p.cards.filter((c) => c.extension['lantern.draftOrder'] === ref);
  const loose = p.cards.filter((c) => !refs.has(String(c.extension['lantern.draftOrder'] ?? '')));
  const item = (c: Card) => (
    <CdsCardItem key={c.uuid} card={c} chosen={p.overrides[c.uuid] ?? ''} blocking={blockers.some((b) => b.uuid === c.uuid)} onOverride={p.onOverride} onApplySuggestion={p.onApplySuggestion} />
  );
  const n = p.drafts.length;
  return (
    <Paper withBorder radius="md" p="sm" component="section" aria-labelledby={`${id}-h`} data-testid="draft-basket">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h5" id={`${id}-h`}>Draft orders ({n})</Title>
          {p.checking === true && <Text size="xs" c="dimmed" role="status">Checking…</Text>}
          {p.cards.length > 0 && <Text size="xs" c="dimmed">Decision support: {p.cards.length} alert{p.cards.length === 1 ? '' : 's'}</Text>}
        </Group>
        {n === 0 ? <Text size="sm" c="dimmed">No draft orders. Pick a drug, a test or an order set: it lands here with its alerts.</Text> : (
          <ScrollArea.Autosize mah={p.maxListHeight ?? '55vh'} type="auto" scrollbars="y" offsetScrollbars="y">
            <Stack gap="xs">
              {loose.length > 0 && <Stack component="ul" gap="xs" p={0} m={0} aria-label="Alerts about the whole order list">{loose.map(item)}</Stack>}
              <Stack component="ul" gap="xs" p={0} m={0} aria-label="Draft orders">
                {p.drafts.map((d) => {
                  const ref = draftRef(d);
                  const label = draftLabel(d);
                  const mine = cardsOf(ref);
                  return (
                    <li key={ref} style={{ listStyle: 'none' }} data-testid="draft-order">
                      <Paper withBorder radius="sm" p="xs" bg="var(--lantern-page-bg)">
                        <Group justify="space-between" wrap="nowrap" gap="xs">
                          <Group gap={6} wrap="nowrap">
                            <Badge size="xs" variant="light" style={{ textTransform: 'none', flexShrink: 0 }}>{d.resourceType === 'MedicationRequest' ? 'drug' : 'test'}</Badge>
                            <Text size="sm" fw={600}>{label}</Text>
                          </Group>
                          <Button size="compact-xs" variant="subtle" color="gray" leftSection={<IconX size={12} aria-hidden />} onClick={() => p.onRemove(ref)} aria-label={`Remove ${label}`}>Remove</Button>
                        </Group>
                        {mine.length > 0 && <Stack component="ul" gap={6} p={0} m={0} mt={6} aria-label={`Alerts for ${label}`}>{mine.map(item)}</Stack>}
                      </Paper>
                    </li>
                  );
                })}
              </Stack>
            </Stack>
          </ScrollArea.Autosize>
        )}
        {n > 0 && (
          <SignBar signLabel={`Sign ${n} order${n === 1 ? '' : 's'}`} onSign={p.onSign} signing={p.signing} hardStops={hardStops.length} blockers={blockers.length} refusals={p.refusals}
            {...(p.password === undefined ? {} : { password: p.password })} />
        )}
      </Stack>
    </Paper>
  );
}
