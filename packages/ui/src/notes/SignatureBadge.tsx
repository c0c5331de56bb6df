import type { NoteSignatureStatus } from '@lantern/core/notes';
import { StatusBadge } from '../design/StatusBadge.tsx';
import { formatDateTime } from '../format/format.ts';

/** The note's signature as verified on read: valid, tampered (changed after signing), or unsigned. Times are local. */
export function SignatureBadge({ status, signedBy, signedAt }: { status: NoteSignatureStatus; signedBy?: string; signedAt?: string }) {
  switch (status) {
    case 'valid':
      return <StatusBadge status="normal" data-testid="signature-badge">Signed{signedBy === undefined ? '' : ` by ${signedBy}`}{signedAt === undefined ? '' : ` ${formatDateTime(signedAt)}`}: signature valid</StatusBadge>;
    case 'tampered':
      // An alert: a tampered note is announced, not just coloured.
      return <span role="alert"><StatusBadge status="critical" data-testid="signature-badge">Signature does not match: this note was changed after it was signed</StatusBadge></span>;
    case 'unsigned':
      return <StatusBadge status="info" data-testid="signature-badge">Not signed</StatusBadge>;
  }
}
