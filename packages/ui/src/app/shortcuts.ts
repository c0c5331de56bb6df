/** Every keyboard shortcut on the workstation, as listed in the help overlay (press ?). */
export interface Shortcut { keys: string[]; does: string }

export const SHORTCUTS: { group: string; items: Shortcut[] }[] = [
  {
    group: 'Anywhere',
    items: [
      { keys: ['Ctrl', 'K'], does: 'Find a patient' },
      { keys: ['/'], does: 'Find a patient (when not typing in a field)' },
      { keys: ['?'], does: 'Show this list of shortcuts' },
      { keys: ['Esc'], does: 'Close a dialog, the patient search or this list' },
      { keys: ['Alt', 'Shift', 'L'], does: 'Lock the workstation' },
    ],
  },
  {
    group: 'Patient finder',
    items: [
      { keys: ['↓', '↑'], does: 'Move through the patients' },
      { keys: ['Enter'], does: 'Open the highlighted chart' },
    ],
  },
  {
    group: 'Chart',
    items: [
      { keys: ['Alt', '1 … 9'], does: 'Go to the chart tab in that position' },
      { keys: ['←', '→'], does: 'Previous or next tab (on the tab strip)' },
      { keys: ['Alt', '←'], does: 'Back (the browser history: the previous tab or screen)' },
    ],
  },
];
