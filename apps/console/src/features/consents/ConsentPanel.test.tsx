import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeClient, renderWith } from '../../test/render';
import { ConsentPanel } from './ConsentPanel';

const CASE = '44444444-4444-4444-8444-444444444444';
const SSA = '55555555-5555-4555-8555-555555555555';
const consent = {
  id: '66666666-6666-4666-8666-666666666666',
  dataCategories: ['IDENTITY', 'HEALTH'],
  purposes: ['SHELTER_PLACEMENT'],
  grantor: 'SELF',
  method: 'WRITTEN',
  grantedAt: '2026-03-01T09:00:00Z',
  expiresAt: null,
  withdrawnAt: null,
  inForce: true,
  recipientOrganisationId: SSA,
  recipientOrganisationType: null,
};
const directory = {
  organisations: [
    {
      id: SSA,
      name: 'SSA Baku',
      names: { az: 'SXA Bakı', en: 'SSA Baku', ru: 'АСУ Баку' },
      type: 'SSA',
      region: 'Baku',
      services: ['SHELTER_PLACEMENT'],
      acceptsReferrals: true,
    },
  ],
};

function setup() {
  const { client, calls } = fakeClient((c) => {
    if (c.name === 'CaseConsents') return { data: { caseConsents: [consent] } };
    if (c.name === 'Directory') return { data: directory };
    if (c.name === 'WithdrawConsent')
      return {
        data: {
          withdrawConsent: { consent: { id: consent.id, inForce: false }, withdrawnReferralIds: ['r1'] },
        },
      };
    if (c.name === 'RecordConsent') return { data: { recordConsent: { id: 'new' } } };
    return 'pending';
  });
  const referrals = [
    { id: 'r1', consentId: consent.id, status: 'PENDING' as const, toOrganisationId: SSA },
    { id: 'r2', consentId: consent.id, status: 'COMPLETED' as const, toOrganisationId: SSA },
  ];
  renderWith(
    <ConsentPanel
      caseId={CASE}
      referrals={referrals}
      organisationName={(id) => (id === SSA ? 'SSA Baku' : 'Another')}
      onChanged={() => undefined}
    />,
    client,
  );
  return calls;
}

describe('Consent', () => {
  it('explains each category and purpose in plain language', async () => {
    setup();
    await screen.findByText('SSA Baku');
    expect(screen.getByText('Her name and date of birth.')).toBeTruthy();
    expect(
      screen.getByText('So the police can act. She does not have to press charges to get help.'),
    ).toBeTruthy();
  });

  it('shows the recipients a withdrawal stops before it is confirmed, and withdraws only on confirmation', async () => {
    const user = userEvent.setup();
    const calls = setup();
    await user.click(await screen.findByRole('button', { name: 'Withdraw…' }));
    const form = screen.getByRole('form', { name: 'Withdraw this consent' });
    expect(
      within(form).getByText('Withdrawing stops at once the referral to this organisation:'),
    ).toBeTruthy();
    expect(
      within(form)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['SSA Baku']);
    expect(calls.some((c) => c.name === 'WithdrawConsent')).toBe(false);
    await user.click(within(form).getByRole('button', { name: 'Withdraw consent' }));
    expect(within(form).getByRole('link', { name: 'Check “Reason”' })).toBeTruthy();
    await user.type(within(form).getByLabelText('Reason'), 'She asked to stop');
    await user.click(within(form).getByRole('button', { name: 'Withdraw consent' }));
    expect(calls.find((c) => c.name === 'WithdrawConsent')?.variables).toEqual({
      consentId: consent.id,
      reason: 'She asked to stop',
    });
  });

  it('records a consent for one organisation with the chosen categories and purposes', async () => {
    const user = userEvent.setup();
    const calls = setup();
    await screen.findByText('SSA Baku');
    const form = screen.getByRole('form', { name: 'Record consent' });
    await user.selectOptions(within(form).getByLabelText('Organisation'), SSA);
    await user.click(within(form).getByRole('checkbox', { name: 'Identity' }));
    await user.click(within(form).getByRole('checkbox', { name: 'A place in a shelter' }));
    await user.click(within(form).getByRole('button', { name: 'Record consent' }));
    const input = calls.find((c) => c.name === 'RecordConsent')?.variables.input as Record<string, unknown>;
    expect(input).toMatchObject({
      caseId: CASE,
      recipientOrganisationId: SSA,
      dataCategories: ['IDENTITY'],
      purposes: ['SHELTER_PLACEMENT'],
      grantor: 'SELF',
      method: 'WRITTEN',
    });
    expect(input.recipientOrganisationType).toBeUndefined();
    expect(await screen.findByText('Consent recorded.')).toBeTruthy();
  });
});
