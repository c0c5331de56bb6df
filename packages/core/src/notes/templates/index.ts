/** @lantern/core/notes/templates: note templates with smart insertions from the chart (pure). */
export * from './insertions.ts';
export * from './note-templates.ts';
