import { useId, useState } from 'react';
import { searchServiceCatalog, type ServiceCatalogEntry } from '@lantern/core/orders';

type Priority = 'routine' | 'urgent' | 'asap' | 'stat';

/** Lab and imaging orders from the LOINC catalog, with a priority. */
export function LabOrderPicker({ onAdd }: { onAdd(entry: ServiceCatalogEntry, priority: Priority): void }) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [priority, setPriority] = useState<Priority>('routine');
  const results = searchServiceCatalog(query).slice(0, 8);
  return (
    <fieldset className="card lab-order-picker">
      <legend>Lab and imaging orders</legend>
      <label htmlFor={`${id}-q`}>Find a test or study</label>
      <input id={`${id}-q`} value={query} onChange={(e) => setQuery(e.target.value)} placeholder="CBC, A1c, chest x-ray…" />
      <label htmlFor={`${id}-p`}>Priority</label>
      <select id={`${id}-p`} value={priority} onChange={(e) => setPriority(e.target.value as Priority)}>
        {(['routine', 'urgent', 'asap', 'stat'] as const).map((p) => <option key={p} value={p}>{p}</option>)}
      </select>
      <ul aria-label="Tests and studies">
        {results.map((r) => (
          <li key={r.loinc}>
            <button type="button" onClick={() => onAdd(r, priority)}>Add {r.name}</button> <span className="muted">LOINC {r.loinc} · {r.kind}</span>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
