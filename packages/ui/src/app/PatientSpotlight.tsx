import { useMemo, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDebouncedValue } from '@mantine/hooks';
import { Spotlight, type SpotlightActionData } from '@mantine/spotlight';
import { IconSearch } from '@tabler/icons-react';
import { useApi } from '../api/ApiContext.tsx';
import { queryKeys } from '../api/queryKeys.ts';
import { formatAge, formatDate, SEX_LABEL } from '../format/format.ts';
import { chartPath } from './paths.ts';
import { useShellNavigate } from './ShellNavigation.tsx';

/**
 * Find a patient from anywhere: Ctrl-K (or / when not typing) opens it, Esc closes, Enter opens the chart.
 * The host's search decides what matches (name, MRN, date of birth) and what this user may see.
 */
export function PatientSpotlight() {
  const api = useApi();
  // Not react-router's useNavigate: that would render the spotlight again on every navigation (ShellNavigation.tsx).
  const navigate = useShellNavigate();
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 120);
  const search = useQuery({
    queryKey: queryKeys.search(debounced),
    queryFn: () => api.patients.search(debounced),
    enabled: debounced.length > 0,
    placeholderData: keepPreviousData,
  });
  const actions = useMemo<SpotlightActionData[]>(() => (debounced.length === 0 ? [] : (search.data ?? []).map((p) => ({
    id: p.patientId,
    label: p.name,
    description: `${formatAge(p.ageYears)} ${SEX_LABEL[p.sex]} · DOB ${formatDate(p.birthDate)} · MRN ${p.mrn}${p.location === null ? '' : ` · ${p.location}`}`,
    onClick: () => navigate(chartPath(p.patientId)),
  }))), [debounced, search.data, navigate]);
  return (
    <Spotlight
      actions={actions}
      query={query}
      onQueryChange={setQuery}
      filter={(_q, a) => a}
      shortcut={['mod + K', '/']}
      limit={12}
      nothingFound={debounced.length === 0 ? 'Type a name, MRN or date of birth' : search.isFetching ? 'Searching…' : 'No patients found'}
      searchProps={{ leftSection: <IconSearch size={18} aria-hidden />, placeholder: 'Find a patient: name, MRN or date of birth', 'aria-label': 'Find a patient' }}
    />
  );
}
