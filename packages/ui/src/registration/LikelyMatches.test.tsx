import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { renderWithLantern } from '../design/testing/render.tsx';
import type { LikelyMatch } from '../api/features/registration-api.ts';
import { LikelyMatches, type EnteredPerson } from './LikelyMatches.tsx';

const entered: EnteredPerson = { name: 'Abena Mensah-Owsuu', birthDate: '1986-03-07', sex: 'female', address: '48 Juniper Ave, Gallup, 87301', phone: '(505) 555-0161', identifier: '' };
const match: LikelyMatch = {
  patientId: '3f1c2e4d-5a6b-4c7d-8e9f-0a1b2c3d4e5f', score: 0.97, grade: 'probable',
  fields: [
    { field: 'given', level: 'exact', weight: 4, differs: false },
    { field: 'family', level: 'similar', weight: 3.5, differs: true },
    { field: 'birthDate', level: 'exact', weight: 8, differs: false },
  ],
  name: 'Abena Mensah-Owusu', birthDate: '1986-03-07', sex: 'female', mrn: 'P0000000018', address: '48 Juniper Ave, Gallup, 87301', phone: '(505) 555-0161',
};

describe('LikelyMatches', () => {
  it('shows the existing patient beside what was entered, marks only the differing fields, and lets the registrar go on', () => {
    const onContinue = vi.fn();
    renderWithLantern(<MemoryRouter><LikelyMatches entered={entered} matches={[match]} onContinue={onContinue} registering={false} /></MemoryRouter>);
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'This may be the same person' }));
    const table = screen.getByRole('table', { name: /Abena Mensah-Owusu compared/ });
    expect(within(table).getByRole('row', { name: /^Name/ }).textContent).toContain('differs');
    expect(within(table).getByRole('row', { name: /^Date of birth/ }).textContent).not.toContain('differs');
    expect(within(table).getByRole('row', { name: /^MRN/ }).textContent).toContain('P0000000018');
    expect(screen.getByText('Probably the same person')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open this chart' }).getAttribute('href')).toBe('/patients/3f1c2e4d-5a6b-4c7d-8e9f-0a1b2c3d4e5f/summary');
    fireEvent.click(screen.getByRole('button', { name: 'None of these: register as a new patient' }));
    expect(onContinue).toHaveBeenCalledOnce();
  });
});
