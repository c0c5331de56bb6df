export { SoapEditor, type SoapEditorProps } from './SoapEditor.tsx';
export { SignatureBadge } from './SignatureBadge.tsx';
export { AutosaveIndicator } from './AutosaveIndicator.tsx';
export { NoteHistoryList } from './NoteHistoryList.tsx';
export { useNoteAutosave } from './useNoteAutosave.ts';
