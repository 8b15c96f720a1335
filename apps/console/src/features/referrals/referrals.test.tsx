import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { fakeClient, renderWith } from '../../test/render';
import { ReferPage } from './ReferPage';
import { ReferralPage } from './ReferralPage';

const CASE = '44444444-4444-4444-8444-444444444444';
const SSA = '55555555-5555-4555-8555-555555555555';
const REF = '77777777-7777-4777-8777-777777777777';
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
const consents = {
  caseConsents: [
    {
      id: 'c1',
      dataCategories: ['IDENTITY'],
      purposes: ['SHELTER_PLACEMENT'],
      grantor: 'SELF',
      method: 'WRITTEN',
      grantedAt: '2026-03-01T09:00:00Z',
      expiresAt: null,
      withdrawnAt: null,
      inForce: true,
      recipientOrganisationId: SSA,
      recipientOrganisationType: null,
    },
  ],
};
const gqlError = (extensions: Record<string, unknown>) =>
  new CombinedError({ graphQLErrors: [new GraphQLError('x', { extensions })] });

describe('Refer', () => {
  it('shows in words what her consent does not cover, before and after submitting', async () => {
    const user = userEvent.setup();
    const { client, calls } = fakeClient((c) => {
      if (c.name === 'Directory') return { data: directory };
      if (c.name === 'CaseConsents') return { data: consents };
      if (c.name === 'CreateReferral')
        return {
          error: gqlError({ code: 'FORBIDDEN', reason: 'CONSENT_REQUIRED', missingCategories: ['HEALTH'] }),
        };
      return 'pending';
    });
    renderWith(<ReferPage caseId={CASE} />, client);
    await user.selectOptions(await screen.findByLabelText('Recipient'), SSA);
    await user.selectOptions(screen.getByLabelText('Service requested'), 'SHELTER_PLACEMENT');
    await user.selectOptions(screen.getByLabelText('Purpose'), 'SHELTER_PLACEMENT');
    await user.click(screen.getByRole('checkbox', { name: 'Identity' }));
    expect(screen.getByText('Her recorded consent covers what you chose.')).toBeTruthy();
    await user.click(screen.getByRole('checkbox', { name: 'Health' }));
    expect(screen.getByText('Her consent does not cover: Health')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Send the referral' }));
    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain('Her consent does not cover this.');
    expect(summary.textContent).toContain('Not covered by her consent: Health');
    expect(calls.find((c) => c.name === 'CreateReferral')?.variables.input).toMatchObject({
      caseId: CASE,
      toOrganisationId: SSA,
      dataCategories: ['IDENTITY', 'HEALTH'],
      purpose: 'SHELTER_PLACEMENT',
      serviceType: 'SHELTER_PLACEMENT',
    });
  });

  it('asks for the legal basis and justification of an override', async () => {
    const user = userEvent.setup();
    const { client, calls } = fakeClient((c) =>
      c.name === 'Directory'
        ? { data: directory }
        : c.name === 'CaseConsents'
          ? { data: consents }
          : 'pending',
    );
    renderWith(<ReferPage caseId={CASE} />, client);
    await screen.findByRole('option', { name: /SSA Baku/ });
    await user.click(screen.getByRole('checkbox', { name: 'Refer without consent, on a legal basis' }));
    await user.click(screen.getByRole('button', { name: 'Send the referral' }));
    const links = within(screen.getByRole('alert'))
      .getAllByRole('link')
      .map((a) => a.getAttribute('href'));
    expect(links).toEqual([
      '#recipient',
      '#serviceType',
      '#purpose',
      '#categories',
      '#basis',
      '#justification',
    ]);
    expect(calls.some((c) => c.name === 'CreateReferral')).toBe(false);
  });
});

describe('Act on a referral', () => {
  const referral = {
    id: REF,
    caseId: CASE,
    caseCode: 'NRM-7F3K9Q2M',
    status: 'PENDING',
    serviceType: 'SHELTER_PLACEMENT',
    purpose: 'SHELTER_PLACEMENT',
    dataCategories: ['IDENTITY'],
    dataProfile: 'PSEUDONYMOUS',
    fromOrganisationId: 'dost',
    toOrganisationId: SSA,
    legalBasis: null,
    disclosureAuthorised: true,
    countersignedAt: null,
    createdAt: '2026-03-01T09:00:00Z',
    respondedAt: null,
    responseDueAt: '2026-03-01T13:00:00Z',
    serviceDueAt: null,
    completedAt: null,
    declineReason: null,
    outcomeNote: null,
    withdrawReason: null,
    version: 3,
  };

  it('explains a stale version and offers a reload', async () => {
    const user = userEvent.setup();
    const { client, calls } = fakeClient((c) => {
      if (c.name === 'ReferralPage') return { data: { referral } };
      if (c.name === 'ReferralParty') return { data: { case: { id: CASE, access: 'RECIPIENT' } } };
      if (c.name === 'Directory') return { data: directory };
      if (c.name === 'AcceptReferral') return { error: gqlError({ code: 'CONFLICT', reason: 'CONFLICT' }) };
      return 'pending';
    });
    renderWith(<ReferralPage referralId={REF} />, client);
    expect(screen.queryByRole('button', { name: 'Withdraw…' })).toBeNull();
    await user.click(await screen.findByRole('button', { name: 'Accept' }));
    expect(calls.find((c) => c.name === 'AcceptReferral')?.variables).toEqual({
      input: { referralId: REF, expectedVersion: 3 },
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(
      'This was changed by someone else. Reload to see the latest version.',
    );
    const before = calls.filter((c) => c.name === 'ReferralPage').length;
    await user.click(within(alert).getByRole('button', { name: 'Reload' }));
    expect(calls.filter((c) => c.name === 'ReferralPage').length).toBeGreaterThan(before);
  });

  it('declines with a coded reason (shared with the sender); a recipient is not offered withdrawal', async () => {
    const user = userEvent.setup();
    const { client, calls } = fakeClient((c) => {
      if (c.name === 'ReferralPage') return { data: { referral } };
      if (c.name === 'ReferralParty') return { data: { case: { id: CASE, access: 'RECIPIENT' } } };
      if (c.name === 'Directory') return { data: directory };
      if (c.name === 'ReasonCodes')
        return {
          data: {
            reasonCodes: [
              { code: 'NO_CAPACITY', labels: { az: 'Yer yoxdur', en: 'No capacity', ru: 'Нет мест' } },
            ],
          },
        };
      if (c.name === 'DeclineReferral')
        return { data: { declineReferral: { id: REF, status: 'DECLINED', version: 4 } } };
      return 'pending';
    });
    renderWith(<ReferralPage referralId={REF} />, client);
    await user.click(await screen.findByRole('button', { name: 'Decline…' }));
    expect(screen.queryByRole('button', { name: 'Withdraw…' })).toBeNull();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Reason for declining' }), 'NO_CAPACITY');
    await user.click(screen.getByRole('button', { name: 'Decline the referral' }));
    expect(calls.find((c) => c.name === 'DeclineReferral')?.variables).toEqual({
      input: { referralId: REF, expectedVersion: 3, reason: 'NO_CAPACITY' },
    });
  });
});
