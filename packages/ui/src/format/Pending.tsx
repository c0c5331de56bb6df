/** The marker on a record saved on this workstation but not yet confirmed by the server. */
export function PendingMarker({ pending }: { pending: boolean }) {
  if (!pending) return null;
  return (
    <span className="pending-marker" title="Saved on this workstation; not yet sent to the server">
      Not yet synced
    </span>
  );
}
