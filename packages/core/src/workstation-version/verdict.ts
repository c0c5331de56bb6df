/**
 * The server's decision on a workstation's declaration, and the refusal both ends understand.
 * The refusal travels as a LanternError VERSION_MISMATCH (tRPC PRECONDITION_FAILED, HTTP 412)
 * whose issues carry a machine-readable marker and the minimum version, so the workstation can
 * show its own plain-words message and keep its queued writes.
 */
import { LanternError, type FieldIssue } from '../errors.ts';
import { compareVersions, UNDECLARED_PROTOCOL, type ProtocolRange, type WorkstationDeclaration } from './versions.ts';

/** The issue path marking "this workstation must be updated" (its message is the minimum version). */
export const WORKSTATION_UPDATE_REQUIRED = 'WORKSTATION_UPDATE_REQUIRED';

export interface ServerVersionPolicy {
  /** LANTERN_MIN_WORKSTATION_VERSION; null accepts any app version. */
  minimumAppVersion: string | null;
  /** Protocol versions the server speaks. */
  protocol: ProtocolRange;
}

export type VersionVerdict =
  | { ok: true; protocol: number }
  | { ok: false; why: 'app-too-old' | 'protocol-too-old' | 'protocol-too-new'; minimumVersion: string | null };

/** Picks the highest protocol both speak, or says why none fits. */
export function decideWorkstationVersion(policy: ServerVersionPolicy, declared: WorkstationDeclaration | null): VersionVerdict {
  const range: ProtocolRange = declared?.protocol ?? { min: UNDECLARED_PROTOCOL, max: UNDECLARED_PROTOCOL };
  const min = policy.minimumAppVersion;
  if (min !== null && (declared === null || compareVersions(declared.appVersion, min) < 0)) return { ok: false, why: 'app-too-old', minimumVersion: min };
  if (range.max < policy.protocol.min) return { ok: false, why: 'protocol-too-old', minimumVersion: min };
  if (range.min > policy.protocol.max) return { ok: false, why: 'protocol-too-new', minimumVersion: null };
  return { ok: true, protocol: Math.min(range.max, policy.protocol.max) };
}

/** The words a clinician reads; unsynced work is never dropped for this reason. */
export function updateRequiredMessage(minimumVersion: string | null): string {
  return minimumVersion === null
    ? 'This workstation must be updated before it can sync. Your unsynced work is kept.'
    : `This workstation must be updated to ${minimumVersion} or later before it can sync. Your unsynced work is kept.`;
}

/** The typed refusal of sign-in, refresh, push and pull. A server newer than the client is the client's to update too. */
export function workstationUpdateRequired(v: Extract<VersionVerdict, { ok: false }>): LanternError {
  if (v.why === 'protocol-too-new') {
    return new LanternError('VERSION_MISMATCH', 'This workstation is newer than the sync server: ask IT to update the server. Your unsynced work is kept.', {
      issues: [{ path: 'SERVER_UPDATE_REQUIRED', message: v.why }],
    });
  }
  return new LanternError('VERSION_MISMATCH', updateRequiredMessage(v.minimumVersion), {
    issues: [{ path: WORKSTATION_UPDATE_REQUIRED, message: v.minimumVersion ?? '' }],
  });
}

/** Reads the refusal back from an error's issues: the minimum version ('' when the server named none), or null if it is not one. */
export function updateRequiredOf(issues: readonly FieldIssue[]): { minimumVersion: string | null } | null {
  const i = issues.find((x) => x.path === WORKSTATION_UPDATE_REQUIRED);
  return i === undefined ? null : { minimumVersion: i.message === '' ? null : i.message };
}
