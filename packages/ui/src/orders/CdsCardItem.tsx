import { useId } from 'react';
import { Anchor, Box, Button, Group, NativeSelect, Paper, Stack, Text } from '@mantine/core';
import { isHardStop, type Card } from '@lantern/core/cds';
import { StatusBadge } from '../design/StatusBadge.tsx';

/** Card detail is CDS Hooks markdown (https://cds-hooks.hl7.org/2.0/#card-attributes); bold is the only markup the knowledge base uses. */
function Markdown({ text }: { text: string }) {
  return <>{text.split('**').map((part, i) => (i % 2 === 1 ? <strong key={i}>{part}</strong> : part))}</>;
}

/** What the clinician corrects, from the FHIR path the hard stop names (`extension['lantern.field']`). */
function fieldToFix(card: Card): string {
  const f = card.extension['lantern.field'] ?? '';
  if (f.includes('doseQuantity') || f.includes('dose')) return 'the dose';
  if (f.includes('timing') || f.includes('frequency')) return 'the frequency';
  if (f.includes('route')) return 'the route';
  return 'the order';
}

export interface CdsCardItemProps {
  card: Card;
  /** The chosen override reason code, '' for none. */
  chosen: string;
  /** True while this critical card still lacks a reason (marks the select invalid). */
  blocking: boolean;
  onOverride(cardUuid: string, reasonCode: string | null): void;
  onApplySuggestion(card: Card, suggestionUuid: string): void;
}

/**
 * One CDS card: its severity as a word on a colour, summary, detail, source, the suggestions that
 * apply in one click, and the override reason (required for a critical card). A hard stop offers no
 * reason: it says what to correct.
 */
export function CdsCardItem({ card: c, chosen, blocking, onOverride, onApplySuggestion }: CdsCardItemProps) {
  const id = useId();
  const stop = isHardStop(c);
  const kind = stop ? 'hardstop' : c.indicator;
  return (
    <Paper
      component="li" withBorder p="xs" radius="sm" data-testid={`cds-card-${kind}`}
      aria-label={stop ? `hard stop: ${c.summary}` : `${c.indicator} alert: ${c.summary}`}
      style={{ listStyle: 'none', borderLeft: `5px solid var(--lantern-${stop ? 'critical' : c.indicator}-border)` }}
    >
      <Stack gap={4}>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Box style={{ flexShrink: 0 }}><StatusBadge status={stop || c.indicator === 'critical' ? 'critical' : c.indicator}>{stop ? 'HARD STOP' : c.indicator.toUpperCase()}</StatusBadge></Box>
          <Text size="sm" fw={700}>{c.summary}</Text>
        </Group>
        <Text size="sm" className="cds-detail"><Markdown text={c.detail} /></Text>
        {stop && <Text size="sm"><strong>What to do:</strong> correct {fieldToFix(c)} or cancel this order. A hard stop cannot be overridden.</Text>}
        <Text size="xs" c="dimmed">Source: {c.source.url === undefined ? c.source.label : <Anchor size="xs" href={c.source.url} target="_blank" rel="noreferrer">{c.source.label}</Anchor>}</Text>
        {c.suggestions.length > 0 && (
          <Group gap="xs">
            {c.suggestions.map((s) => (
              <Button key={s.uuid} size="compact-sm" variant="light" onClick={() => onApplySuggestion(c, s.uuid)}>{s.label}{s.isRecommended === true ? ' (recommended)' : ''}</Button>
            ))}
          </Group>
        )}
        {!stop && (
          <Box maw={420}>
            <NativeSelect
              id={`${id}-reason`} size="xs" value={chosen} aria-invalid={blocking}
              label={c.indicator === 'critical' ? 'Override reason (required to sign)' : 'Override reason (optional)'}
              error={blocking ? 'Choose a reason to sign' : undefined}
              // Mantine's default error red is below 4.5:1 on white: the theme's error colour instead.
              styles={{ error: { color: 'var(--lantern-error)' }, input: blocking ? { color: 'var(--mantine-color-text)', borderColor: 'var(--lantern-error)' } : {} }}
              onChange={(e) => onOverride(c.uuid, e.currentTarget.value === '' ? null : e.currentTarget.value)}
              data={[{ value: '', label: '— choose a reason —' }, ...c.overrideReasons.map((r) => ({ value: r.code, label: r.display }))]}
            />
          </Box>
        )}
      </Stack>
    </Paper>
  );
}
