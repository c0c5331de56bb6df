import type { VitalSign } from '@lantern/core';

type Interpretation = VitalSign['interpretation'];

/** HL7 v3 ObservationInterpretation codes as words, so a flag never depends on colour alone. */
const LABEL: Record<Exclude<Interpretation, null>, string> = {
  N: 'Normal',
  H: 'High',
  L: 'Low',
  HH: 'Critically high',
  LL: 'Critically low',
  A: 'Abnormal',
};

export function isAbnormal(i: Interpretation): boolean {
  return i !== null && i !== 'N';
}

export function InterpretationFlag({ interpretation }: { interpretation: Interpretation }) {
  if (interpretation === null || interpretation === 'N') return null;
  const critical = interpretation === 'HH' || interpretation === 'LL';
  return (
    <span className={critical ? 'flag flag-critical' : 'flag flag-abnormal'} title={LABEL[interpretation]} aria-label={LABEL[interpretation]}>
      {interpretation}
    </span>
  );
}
