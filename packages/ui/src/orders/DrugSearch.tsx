import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Badge, Box, Group, Paper, Text, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { searchFormulary, type FormularyEntry } from '@lantern/core/orders';

/**
 * Find a drug by name in the formulary (the CDS knowledge base): a combobox with a listbox of matches
 * (WAI-ARIA combobox pattern, https://www.w3.org/WAI/ARIA/apg/patterns/combobox/). The option the
 * arrow keys reach is highlighted on screen, not only announced, and scrolled into view: Enter orders
 * exactly what is highlighted, so two arrow presses can never pick a drug the clinician did not see.
 */
export function DrugSearch({ onSelect, search = searchFormulary, autoFocus = false }: { onSelect(entry: FormularyEntry): void; search?: (q: string) => FormularyEntry[]; autoFocus?: boolean }) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);
  const results = useMemo(() => search(query).slice(0, 10), [query, search]);
  const open = results.length > 0;
  useEffect(() => {
    listRef.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);
  const choose = (e: FormularyEntry | undefined) => {
    if (e === undefined) return;
    onSelect(e);
    setQuery('');
    setActive(0);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); setActive((a) => Math.min(a + 1, results.length - 1)); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(a - 1, 0)); }
    else if (e.key === 'Home' && open) { e.preventDefault(); setActive(0); }
    else if (e.key === 'End' && open) { e.preventDefault(); setActive(results.length - 1); }
    else if (e.key === 'Enter') { e.preventDefault(); choose(results[active]); }
    else if (e.key === 'Escape') { setQuery(''); setActive(0); }
  };
  return (
    <Box className="drug-search" pos="relative">
      <TextInput
        id={`${id}-q`} label="Find a drug" role="combobox" aria-expanded={open} aria-controls={`${id}-list`} aria-autocomplete="list" autoComplete="off"
        aria-activedescendant={open ? `${id}-opt-${active}` : undefined} leftSection={<IconSearch size={16} aria-hidden />}
        value={query} onChange={(e) => { setQuery(e.currentTarget.value); setActive(0); }} onKeyDown={onKey}
        placeholder="Type at least 2 letters; arrows move, Enter picks the highlighted drug" autoFocus={autoFocus}
      />
      {open && (
        <Paper withBorder shadow="sm" mt={4} radius="sm" style={{ maxHeight: 320, overflowY: 'auto' }}>
          <ul id={`${id}-list`} ref={listRef} role="listbox" aria-label="Matching drugs" style={{ listStyle: 'none', margin: 0, padding: 4 }}>
            {results.map((r, i) => {
              const on = i === active;
              return (
                <Box
                  component="li" key={r.rxcui} id={`${id}-opt-${i}`} role="option" aria-selected={on} data-index={i} data-active={on || undefined}
                  onMouseDown={(e) => { e.preventDefault(); choose(r); }} onMouseEnter={() => setActive(i)}
                  px="sm" py={6}
                  style={{
                    cursor: 'pointer', borderRadius: 4,
                    background: on ? 'var(--mantine-primary-color-filled)' : undefined,
                    color: on ? 'var(--mantine-primary-color-contrast)' : undefined,
                  }}
                >
                  <Group gap="xs" wrap="nowrap" justify="space-between">
                    <Text size="sm" fw={on ? 700 : 500} c="inherit">{r.name}</Text>
                    <Group gap={4} wrap="nowrap">
                      {r.classes.slice(0, 1).map((c) => <Badge key={c} size="xs" variant={on ? 'white' : 'light'} style={{ textTransform: 'none' }}>{c}</Badge>)}
                      {r.products.length > 0 && <Text size="xs" c="inherit">{r.products.length} product{r.products.length === 1 ? '' : 's'}</Text>}
                    </Group>
                  </Group>
                </Box>
              );
            })}
          </ul>
        </Paper>
      )}
      {query.trim().length >= 2 && !open && <Text size="sm" c="dimmed" role="status">No drug in the formulary matches “{query}”.</Text>}
    </Box>
  );
}
