import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { PatientListItem } from '@lantern/core';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { formatAge, formatDate, SEX_LABEL } from '../format/format.ts';

type ListKind = 'mine' | 'census';

/**
 * Finds a patient: my patients, the unit census, or instant search by name, MRN or date of birth.
 * Keyboard path: the search box has focus on arrival; ArrowDown/ArrowUp move through the results
 * (a listbox driven by aria-activedescendant) and Enter opens the chart.
 */
const PATIENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `onEmergency`: a patient id (e.g. a scanned wristband) not on this workstation: offer break-glass. */
export function PatientFinder({ onOpen, onEmergency }: { onOpen: (patientId: string) => void; onEmergency?: (patientId: string) => void }) {
  const api = useApi();
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState<ListKind>('mine');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  useEffect(() => inputRef.current?.focus(), []);

  const q = query.trim();
  const search = useQuery({
    queryKey: queryKeys.search(q),
    queryFn: () => api.patients.search(q),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
  const list = useQuery({
    queryKey: kind === 'mine' ? queryKeys.mine : queryKeys.census,
    queryFn: () => (kind === 'mine' ? api.patients.mine() : api.patients.census()),
    enabled: q.length === 0,
  });
  const current = q.length > 0 ? search : list;
  const rows: PatientListItem[] = current.data ?? [];
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

  const heading = q.length > 0 ? `Search results for “${q}”` : kind === 'mine' ? 'My patients' : 'Unit census';
  return (
    <section className="finder" aria-labelledby="finder-title">
      <h1 id="finder-title">Find a patient</h1>
      <div className="finder-controls">
        <label htmlFor="patient-search">Search by name, MRN or date of birth</label>
        <input
          id="patient-search"
          ref={inputRef}
          type="search"
          role="combobox"
          aria-expanded={rows.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={rows.length > 0 ? optionId(activeIndex) : undefined}
          placeholder="e.g. Rivera, MRN-000123 or 1958-03-07"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
            setEnterPending(false);
          }}
          onKeyDown={onKeyDown}
          autoComplete="off"
        />
        <div className="segmented" role="group" aria-label="Patient list">
          <button type="button" aria-pressed={kind === 'mine'} onClick={() => { setKind('mine'); setQuery(''); setActive(0); }}>
            My patients
          </button>
          <button type="button" aria-pressed={kind === 'census'} onClick={() => { setKind('census'); setQuery(''); setActive(0); }}>
            Unit census
          </button>
        </div>
      </div>
      <h2 id={`${listId}-h`}>{heading}</h2>
      {current.isError && <p role="alert" className="error">{errorMessage(current.error)}</p>}
      {current.isSuccess && rows.length === 0 && <p className="muted">No patients found.</p>}
      {current.isSuccess && rows.length === 0 && onEmergency !== undefined && PATIENT_ID.test(q) && (
        <p>
          This patient is not in your care team or unit.{' '}
          <button type="button" onClick={() => onEmergency(q.toLowerCase())}>Request emergency access</button>
        </p>
      )}
      <ul id={listId} role="listbox" aria-labelledby={`${listId}-h`} aria-busy={stale} className={stale ? 'patient-list stale' : 'patient-list'}>
        {rows.map((p, i) => (
          <li
            key={p.patientId}
            id={optionId(i)}
            role="option"
            aria-selected={i === activeIndex}
            className={i === activeIndex ? 'active' : undefined}
            onClick={() => onOpen(p.patientId)}
          >
            <span className="patient-name">{p.name}</span>
            <span>{formatAge(p.ageYears)} {SEX_LABEL[p.sex]}</span>
            <span>DOB {formatDate(p.birthDate)}</span>
            <span>MRN {p.mrn}</span>
            {p.location !== null && <span className="muted">{p.location}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
