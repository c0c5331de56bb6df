import type { PatientBanner as Banner } from '@lantern/core';
import { formatAge, formatDate, formatDateTime, SEX_LABEL } from '../format/format.ts';
import { PendingMarker } from '../format/Pending.tsx';

/**
 * The banner stays in view on every chart tab so the clinician always knows whose chart this is
 * (name, age and sex, DOB, MRN), what they are allergic to, and their latest weight for dosing.
 * "No known allergies" (recorded) and "Allergies not recorded" (nobody asked) are different facts.
 */
export function PatientBanner({ banner, allergiesVisible = true, weightVisible = true }: { banner: Banner; allergiesVisible?: boolean; weightVisible?: boolean }) {
  return (
    <header className="patient-banner" aria-label="Patient banner" data-testid="patient-banner">
      <div className="banner-id">
        <h1 className="banner-name">{banner.name}</h1>
        <span>{formatAge(banner.ageYears)} {SEX_LABEL[banner.sex]}</span>
        <span>DOB {formatDate(banner.birthDate)}</span>
        {/* Provisional and synthetic MRNs already start with "MRN": the label is not repeated. */}
        <span>{mrnText(banner.mrn)}</span>
        <PendingMarker pending={banner.pendingSync} />
      </div>
      <div className="banner-clinical">
        {allergiesVisible ? <AllergySummary banner={banner} /> : <span className="muted" data-testid="banner-allergies">Allergies: not shown for your role</span>}
        {weightVisible && <span data-testid="banner-weight">
          Weight:{' '}
          {banner.latestWeight === null
            ? 'not recorded'
            : `${banner.latestWeight.value} ${banner.latestWeight.unit} (${formatDateTime(banner.latestWeight.effective)})`}
        </span>}
      </div>
    </header>
  );
}

/** "MRN 500013" for a bare number, the value as it is when it already names itself ("MRN500000013"). */
function mrnText(mrn: string): string {
  return /^MRN/i.test(mrn) ? mrn : `MRN ${mrn}`;
}

function AllergySummary({ banner }: { banner: Banner }) {
  switch (banner.allergyStatus) {
    case 'nka':
      return <span className="allergy-nka" data-testid="banner-allergies">No known allergies</span>;
    case 'not-recorded':
      return <span className="allergy-unknown" data-testid="banner-allergies">Allergies not recorded</span>;
    case 'has-allergies':
      return (
        <span className="allergy-list" data-testid="banner-allergies">
          <strong>Allergies:</strong>{' '}
          {banner.allergies.map((a, i) => (
            <span key={a.id} className={a.criticality === 'high' ? 'allergy-high' : undefined}>
              {a.substance}
              {a.criticality === 'high' ? ' (high risk)' : ''}
              {i < banner.allergies.length - 1 ? ', ' : ''}
            </span>
          ))}
        </span>
      );
  }
}
