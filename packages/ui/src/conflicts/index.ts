export { ConflictsInbox, type ConflictsInboxProps, type ConflictChoice } from './ConflictsInbox.tsx';
