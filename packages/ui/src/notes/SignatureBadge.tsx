import type { NoteSignatureStatus } from '@lantern/core/notes';

/** The note's signature as verified on read: valid, tampered (changed after signing), or unsigned. */
export function SignatureBadge({ status, signedBy, signedAt }: { status: NoteSignatureStatus; signedBy?: string; signedAt?: string }) {
  switch (status) {
    case 'valid':
      return <span className="flag signature-valid" data-testid="signature-badge">Signed{signedBy === undefined ? '' : ` by ${signedBy}`}{signedAt === undefined ? '' : ` ${signedAt}`}: signature valid</span>;
    case 'tampered':
      return <span className="flag flag-critical signature-tampered" role="alert" data-testid="signature-badge">Signature does not match: this note was changed after it was signed</span>;
    case 'unsigned':
      return <span className="flag signature-unsigned" data-testid="signature-badge">Not signed</span>;
  }
}
