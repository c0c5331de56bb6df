/** Plain text of a note for reading: a DocumentReference's text attachment, or a Composition's sections. */
import type { Composition, DocumentReference } from '@lantern/core';

const stripXhtml = (div: string): string =>
  div.replace(/<br\s*\/?>/gi, '\n').replace(/<\/(p|div|li|h\d)>/gi, '\n').replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n').trim();

export function noteText(note: DocumentReference | Composition): string {
  if (note.resourceType === 'DocumentReference') {
    for (const c of note.content) {
      const a = c.attachment;
      if (a.data !== undefined && (a.contentType === undefined || a.contentType.startsWith('text/'))) return Buffer.from(a.data, 'base64').toString('utf8');
    }
    return note.text?.div === undefined ? '(This note has no readable text on this workstation.)' : stripXhtml(note.text.div);
  }
  const sections = (note.section ?? []).map((s) => `${s.title ?? ''}\n${s.text?.div === undefined ? '' : stripXhtml(s.text.div)}`.trim());
  return sections.length > 0 ? sections.join('\n\n') : note.text?.div === undefined ? '' : stripXhtml(note.text.div);
}

export function noteAuthor(note: DocumentReference | Composition): string {
  return note.author?.[0]?.display ?? '';
}
