/**
 * Child process for the draft crash test: "types" a note one character every KEY_MS into the
 * Subjective section, autosaving through core's Autosaver every INTERVAL_MS into the encrypted
 * store, and prints `typed <n> <epoch ms>` after each keystroke. The test SIGKILLs it mid-typing.
 *
 * usage: draft-typist <db> <keyFile> <userId> <patientId> <draftKey> <intervalMs> <keyMs>
 */
import { Autosaver } from '@lantern/core/notes';
import { keyFileProvider } from '../../store/key/key-file.ts';
import { openStore } from '../../store/open-store.ts';
import { NoteDrafts, type NoteDraftBody } from '../drafts.ts';
import { storeDbOf } from './store-db-of.ts';

const [db, keyFile, userId, patientId, draftKey, intervalMs, keyMs] = process.argv.slice(2);
if (db === undefined || keyFile === undefined || userId === undefined || patientId === undefined || draftKey === undefined || intervalMs === undefined || keyMs === undefined) {
  process.stderr.write('usage: draft-typist <db> <keyFile> <userId> <patientId> <draftKey> <intervalMs> <keyMs>\n');
  process.exit(2);
}
const opened = await openStore({ path: db, keyProvider: keyFileProvider({ path: keyFile }) });
if (!opened.ok) {
  process.stderr.write(`${opened.error.code}\n`);
  process.exit(1);
}
const drafts = new NoteDrafts(storeDbOf(opened.value));
const saver = new Autosaver<NoteDraftBody>({
  intervalMs: Number(intervalMs),
  timer: { every: (ms, fn) => { const t = setInterval(fn, ms); return () => clearInterval(t); } },
  save: (body, revision) => Promise.resolve(drafts.save(userId, { draftKey, patientId, body, revision })),
});
const TEXT = 'Patient reports three days of productive cough and fever to 38.6 C. ';
let typed = '';
process.stdout.write('ready\n');
setInterval(() => {
  typed += TEXT[typed.length % TEXT.length] ?? ' ';
  saver.update({ title: 'Progress note', soap: { subjective: typed, objective: '', assessment: '', plan: '' } });
  process.stdout.write(`typed ${typed.length} ${Date.now()}\n`);
}, Number(keyMs));
