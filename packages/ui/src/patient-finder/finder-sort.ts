import type { PatientListItem } from '@lantern/core';

export type FinderSort = 'last-name' | 'location' | 'as-listed';

/** The family name as the list shows it: the last word of the display name ("Aaron Logan Kumar" -> "Kumar"). */
export const lastName = (name: string): string => name.trim().split(/\s+/).pop() ?? name;

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Rounds order: by last name (then first names), or by location and bed (patients with none last). */
export function sortPatients(rows: readonly PatientListItem[], sort: FinderSort): PatientListItem[] {
  const byName = (a: PatientListItem, b: PatientListItem) => collator.compare(lastName(a.name), lastName(b.name)) || collator.compare(a.name, b.name);
  switch (sort) {
    case 'as-listed':
      return [...rows];
    case 'last-name':
      return [...rows].sort(byName);
    case 'location':
      return [...rows].sort((a, b) => {
        if (a.location === b.location) return byName(a, b);
        if (a.location === null) return 1;
        if (b.location === null) return -1;
        return collator.compare(a.location, b.location);
      });
  }
}
