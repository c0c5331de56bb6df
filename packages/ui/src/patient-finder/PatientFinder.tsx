import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Group, Paper, Text, TextInput, Title } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import type { PatientListItem } from '@lantern/core';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { EmptyState } from '../design/EmptyState.tsx';
import { ErrorState } from '../design/ErrorState.tsx';
import { formatAge, formatDate, SEX_LABEL } from '../format/format.ts';
import { birthDateQueries } from './birth-date.ts';
import { sortPatients, type FinderSort } from './finder-sort.ts';
import { PatientAlertBadges } from './PatientAlertBadges.tsx';

type ListKind = 'mine' | 'census';

const PATIENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COLUMNS = ['Name', 'Age / sex', 'Born', 'MRN', 'Location / bed', 'Attending', 'Problems', 'Alerts'] as const;

/** Searches the host; a birth date in any common spelling is searched as the ISO date(s) it can mean. */
async function searchPatients(search: (q: string) => Promise<PatientListItem[]>, q: string): Promise<PatientListItem[]> {
  const dates = birthDateQueries(q);
  if (dates.length === 0) return search(q);
  const results = await Promise.all(dates.map((d) => search(d)));
  const seen = new Set<string>();
  return results.flat().filter((p) => (seen.has(p.patientId) ? false : (seen.add(p.patientId), true)));
}

/**
 * Finds a patient for rounds: my patients, the unit census, or instant search by name, MRN or date of
 * birth (any common spelling, including the one shown). Columns for location and bed, attending,
 * active problems and alerts; sorted by last name unless asked otherwise.
 * Keyboard path: the search box has focus on arrival; ArrowDown/ArrowUp move through the results
 * (a listbox driven by aria-activedescendant) and Enter opens the chart.
 * `onEmergency`: a patient id (e.g. a scanned wristband) not on this workstation: offer break-glass.
 */
export function PatientFinder({ onOpen, onEmergency }: { onOpen: (patientId: string) => void; onEmergency?: (patientId: string) => void }) {
  const api = useApi();
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState<ListKind>('mine');
  const [sort, setSort] = useState<FinderSort>('last-name');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  useEffect(() => inputRef.current?.focus(), []);

  const q = query.trim();
  const search = useQuery({
    queryKey: queryKeys.search(q),
    queryFn: () => searchPatients((s) => api.patients.search(s), q),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
  const list = useQuery({
    queryKey: kind === 'mine' ? queryKeys.mine : queryKeys.census,
    queryFn: () => (kind === 'mine' ? api.patients.mine() : api.patients.census()),
    enabled: q.length === 0,
  });
  const current = q.length > 0 ? search : list;
  // Search results keep the host's relevance order; lists are in the chosen rounds order.
  const rows: PatientListItem[] = q.length > 0 ? (current.data ?? []) : sortPatients(current.data ?? [], sort);
  const activeIndex = Math.min(active, Math.max(rows.length - 1, 0));
  const optionId = (i: number) => `${listId}-opt-${i}`;
  // Results still on screen from the previous keystroke must never be opened: Enter pressed before
  // the current query's results arrive waits for them (a fast typist must not land in the wrong chart).
  const stale = q.length > 0 && (search.isPlaceholderData || search.isPending);
  const [enterPending, setEnterPending] = useState(false);
  useEffect(() => {
    if (!enterPending || stale) return;
    setEnterPending(false);
    const row = rows[activeIndex];
    if (row !== undefined) onOpen(row.patientId);
  }, [enterPending, stale, rows, activeIndex, onOpen]);
  useEffect(() => {
    document.getElementById(optionId(activeIndex))?.scrollIntoView({ block: 'nearest' });
  });

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive(Math.min(activeIndex + 1, rows.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive(Math.max(activeIndex - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (stale) {
        setEnterPending(true);
        return;
      }
      const row = rows[activeIndex];
      if (row !== undefined) onOpen(row.patientId);
    }
  };
  const choose = (k: ListKind) => { setKind(k); setQuery(''); setActive(0); inputRef.current?.focus(); };

  const heading = q.length > 0 ? `Search results for “${q}”` : kind === 'mine' ? 'My patients' : 'Unit census';
  return (
    <section className="finder" aria-labelledby="finder-title">
      <Title order={1} id="finder-title" mb="xs">Find a patient</Title>
      <Group align="flex-end" gap="md" mb="sm" wrap="nowrap">
        <TextInput
          id="patient-search"
          ref={inputRef}
          label="Search by name, MRN or date of birth"
          description="Dates in any common form: 07 Mar 1958, 03/07/1958, 1958-03-07"
          type="search"
          role="combobox"
          aria-expanded={rows.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={rows.length > 0 ? optionId(activeIndex) : undefined}
          placeholder="e.g. Rivera, MRN-000123 or 07 Mar 1958"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={query}
          onChange={(e) => {
            setQuery(e.currentTarget.value);
            setActive(0);
            setEnterPending(false);
          }}
          onKeyDown={onKeyDown}
          autoComplete="off"
          w="30rem"
        />
        <Group gap={4} role="group" aria-label="Patient list">
          <Button variant={kind === 'mine' ? 'filled' : 'default'} aria-pressed={kind === 'mine'} onClick={() => choose('mine')}>My patients</Button>
          <Button variant={kind === 'census' ? 'filled' : 'default'} aria-pressed={kind === 'census'} onClick={() => choose('census')}>Unit census</Button>
        </Group>
        <div>
          <Text size="sm" fw={500} id={`${listId}-sort`} mb={4}>Sort by</Text>
          <Group gap={4} role="group" aria-labelledby={`${listId}-sort`}>
            <Button size="xs" variant={sort === 'last-name' ? 'filled' : 'default'} aria-pressed={sort === 'last-name'} onClick={() => setSort('last-name')}>Last name</Button>
            <Button size="xs" variant={sort === 'location' ? 'filled' : 'default'} aria-pressed={sort === 'location'} onClick={() => setSort('location')}>Location / bed</Button>
          </Group>
        </div>
      </Group>
      <Title order={2} id={`${listId}-h`} mb={4}>{heading}</Title>
      {current.isError && <ErrorState message={errorMessage(current.error)} />}
      <Paper p={0}>
        <div className="finder-row finder-head" aria-hidden>
          {COLUMNS.map((c) => <span key={c}>{c}</span>)}
        </div>
        {current.isSuccess && rows.length === 0 && (
          <EmptyState title="No patients found.">
            {q.length > 0 ? 'Check the spelling, or search by MRN or date of birth.' : 'Nobody is on this list on this workstation yet.'}
          </EmptyState>
        )}
        {current.isSuccess && rows.length === 0 && onEmergency !== undefined && PATIENT_ID.test(q) && (
          <Group justify="center" pb="md" gap="xs">
            <Text size="sm">This patient is not in your care team or unit.</Text>
            <Button color="red" variant="outline" onClick={() => onEmergency(q.toLowerCase())}>Request emergency access</Button>
          </Group>
        )}
        <ul id={listId} role="listbox" aria-labelledby={`${listId}-h`} aria-busy={stale} className={stale ? 'patient-list stale' : 'patient-list'}>
          {rows.map((p, i) => (
            <li
              key={p.patientId}
              id={optionId(i)}
              role="option"
              aria-selected={i === activeIndex}
              className={i === activeIndex ? 'finder-row active' : 'finder-row'}
              onClick={() => onOpen(p.patientId)}
            >
              {/* The spaces between cells keep the row's text (its accessible name) in words: "MRN X No bed".
                  The column headings are hidden from screen readers, so each value carries its label for
                  them only: on screen the heading already names the column. */}
              <span className="patient-name">{p.name}</span>{' '}
              <span className="nowrap">{formatAge(p.ageYears)} {SEX_LABEL[p.sex]}</span>{' '}
              <span className="nowrap" data-testid="finder-born"><span className="sr-only">DOB </span>{formatDate(p.birthDate)}</span>{' '}
              <span className="nowrap" data-testid="finder-mrn"><span className="sr-only">MRN </span>{p.mrn}</span>{' '}
              <span>{p.location ?? <Text span size="sm" c="dimmed">No bed</Text>}</span>{' '}
              <span>{p.attending ?? <Text span size="sm" c="dimmed">—</Text>}</span>{' '}
              <span>{p.activeProblems === undefined ? '—' : `${p.activeProblems} active`}</span>{' '}
              <PatientAlertBadges alerts={p.alerts} />
            </li>
          ))}
        </ul>
      </Paper>
    </section>
  );
}
