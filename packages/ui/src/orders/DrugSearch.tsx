import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { searchFormulary, type FormularyEntry } from '@lantern/core/orders';

/** Find a drug by name in the formulary (the CDS knowledge base): a combobox with a listbox of matches. */
export function DrugSearch({ onSelect, search = searchFormulary }: { onSelect(entry: FormularyEntry): void; search?: (q: string) => FormularyEntry[] }) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const results = useMemo(() => search(query).slice(0, 10), [query, search]);
  const choose = (e: FormularyEntry | undefined) => {
    if (e === undefined) return;
    onSelect(e);
    setQuery('');
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); setActive((a) => Math.min(a + 1, results.length - 1)); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(a - 1, 0)); }
    else if (e.key === 'Enter') { e.preventDefault(); choose(results[active]); }
    else if (e.key === 'Escape') setQuery('');
  };
  const open = results.length > 0;
  return (
    <div className="field drug-search">
      <label htmlFor={`${id}-q`}>Find a drug</label>
      <input
        id={`${id}-q`} role="combobox" aria-expanded={open} aria-controls={`${id}-list`} aria-autocomplete="list" autoComplete="off"
        aria-activedescendant={open ? `${id}-opt-${active}` : undefined}
        value={query} onChange={(e) => { setQuery(e.target.value); setActive(0); }} onKeyDown={onKey} placeholder="Type at least 2 letters"
      />
      {open && (
        <ul id={`${id}-list`} role="listbox" aria-label="Matching drugs">
          {results.map((r, i) => (
            <li key={r.rxcui} id={`${id}-opt-${i}`} role="option" aria-selected={i === active} onMouseDown={(e) => { e.preventDefault(); choose(r); }}>
              {r.name}{r.products.length > 0 ? <span className="muted"> · {r.products.length} product{r.products.length === 1 ? '' : 's'}</span> : null}
            </li>
          ))}
        </ul>
      )}
      {query.trim().length >= 2 && !open && <p className="muted" role="status">No drug in the formulary matches “{query}”.</p>}
    </div>
  );
}
