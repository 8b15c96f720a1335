import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { MeGate } from '../../app/MeGate';
import { fakeClient, renderWith, type Call } from '../../test/render';
import { type ReactElement } from 'react';
import { OrganisationsPage } from './OrganisationsPage';
import { StaffPage } from './StaffPage';
import { WebhooksPage } from './WebhooksPage';

// Whole forms typed key by key: slower than 5 s on a busy machine (a limit on the test, not an assertion on speed).
vi.setConfig({ testTimeout: 30_000 });

const ORG = '22222222-2222-4222-8222-222222222222';
const ADMIN = '11111111-1111-4111-8111-111111111111';
const WORKER = '33333333-3333-4333-8333-333333333333';
const NGO = '44444444-4444-4444-8444-444444444444';
const gqlError = (extensions: Record<string, unknown>) =>
  new CombinedError({ graphQLErrors: [new GraphQLError('x', { extensions })] });

const meAnswer = (roles: string[], type = 'DOST_CENTER') => ({
  data: {
    me: {
      id: ADMIN,
      displayName: 'Aynur Admin',
      roles,
      supervisorId: null,
      preferredLanguage: 'EN',
      organisation: { id: ORG, name: 'DOST Baku', type },
    },
  },
});
const member = (id: string, displayName: string, roles: string[], extra: Record<string, unknown> = {}) => ({
  id,
  username: displayName.toLowerCase().replace(' ', '.'),
  displayName,
  roles,
  supervisorId: null,
  preferredLanguage: 'AZ',
  active: true,
  identityLinked: false,
  version: 3,
  ...extra,
});

type Answer = ReturnType<Parameters<typeof fakeClient>[0]>;
function renderAs(ui: ReactElement, roles: string[], answer: (c: Call) => Answer, type?: string) {
  const fake = fakeClient((c) => (c.name === 'Me' ? meAnswer(roles, type) : answer(c)));
  renderWith(
    <MeGate onSignOut={() => undefined} onRefused={() => undefined}>
      {() => ui}
    </MeGate>,
    fake.client,
  );
  return fake;
}

describe('Staff administration', () => {
  it('lists the own organisation’s staff with roles and supervisor in words', async () => {
    const { calls } = renderAs(<StaffPage />, ['ORGANISATION_ADMIN'], (c) =>
      c.name === 'StaffMembers'
        ? {
            data: {
              staffMembers: [
                member(ADMIN, 'Aynur Admin', ['ORGANISATION_ADMIN']),
                member(WORKER, 'Kamran Worker', ['CASE_MANAGER', 'LAWYER'], {
                  supervisorId: ADMIN,
                  active: false,
                }),
              ],
            },
          }
        : 'pending',
    );
    const row = (await screen.findByText('Kamran Worker')).closest('tr')!;
    expect(within(row).getByText('Case manager, Lawyer')).toBeTruthy();
    expect(within(row).getByText('Aynur Admin')).toBeTruthy();
    expect(within(row).getByText('Deactivated')).toBeTruthy();
    expect(calls.find((c) => c.name === 'StaffMembers')?.variables).toEqual({ organisationId: ORG });
  });

  it('adding: a refused field is shown beside it, the values stay, and the retry reuses the idempotency key', async () => {
    const user = userEvent.setup({ delay: null });
    let attempt = 0;
    const { calls } = renderAs(<StaffPage />, ['ORGANISATION_ADMIN'], (c) => {
      if (c.name === 'StaffMembers')
        return { data: { staffMembers: [member(ADMIN, 'Aynur Admin', ['ORGANISATION_ADMIN'])] } };
      if (c.name === 'AddStaffMember') {
        attempt += 1;
        if (attempt === 1)
          return {
            error: gqlError({
              code: 'BAD_USER_INPUT',
              fields: [{ path: 'input.username', message: 'letters, digits, dot, dash, underscore' }],
            }),
          };
        if (attempt === 2) return { error: new CombinedError({ networkError: new Error('offline') }) };
        return { data: { addStaffMember: member(WORKER, 'Kamran Worker', ['CASE_MANAGER']) } };
      }
      return 'pending';
    });
    await user.type(await screen.findByLabelText('Login name'), 'K W');
    await user.type(screen.getByLabelText('Name'), 'Kamran');
    await user.click(screen.getByRole('checkbox', { name: 'Case manager' }));
    await user.selectOptions(screen.getByLabelText('Their supervisor'), ADMIN);
    await user.click(screen.getByRole('button', { name: 'Add staff member' }));

    const summary = await screen.findByRole('alert');
    expect(within(summary).getByRole('link', { name: /Login name/ })).toBeTruthy();
    expect(screen.getByLabelText('Login name').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText<HTMLInputElement>('Login name').value).toBe('K W');
    expect(screen.getByLabelText<HTMLInputElement>('Name').value).toBe('Kamran');

    await user.clear(screen.getByLabelText('Login name'));
    await user.type(screen.getByLabelText('Login name'), 'k.w');
    await user.click(screen.getByRole('button', { name: 'Add staff member' }));
    expect(await screen.findByText(/could not be reached/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Add staff member' }));
    expect(await screen.findByText('Kamran Worker was added.')).toBeTruthy();

    const adds = calls
      .filter((c) => c.name === 'AddStaffMember')
      .map((c) => c.variables.input as Record<string, unknown>);
    expect(adds).toHaveLength(3);
    expect(adds[2]).toMatchObject({
      organisationId: ORG,
      username: 'k.w',
      displayName: 'Kamran',
      roles: ['CASE_MANAGER'],
      supervisorId: ADMIN,
      preferredLanguage: 'AZ',
      identity: null,
    });
    expect(new Set(adds.map((a) => a.idempotencyKey)).size).toBe(1);
    // the form is empty again, ready for the next member
    expect(screen.getByLabelText<HTMLInputElement>('Login name').value).toBe('');
  });

  it('deactivating oneself as the last administrator: the CONFLICT is explained plainly', async () => {
    const user = userEvent.setup({ delay: null });
    const { calls } = renderAs(<StaffPage />, ['ORGANISATION_ADMIN'], (c) => {
      if (c.name === 'StaffMembers')
        return { data: { staffMembers: [member(ADMIN, 'Aynur Admin', ['ORGANISATION_ADMIN'])] } };
      if (c.name === 'DeactivateStaffMember')
        return { error: gqlError({ code: 'CONFLICT', reason: 'CONFLICT' }) };
      return 'pending';
    });
    await user.click(await screen.findByRole('button', { name: 'Change Aynur Admin' }));
    await user.click(screen.getByRole('button', { name: 'Deactivate' }));
    const summary = await screen.findByRole('alert');
    expect(within(summary).getByText(/last administrator of your organisation/)).toBeTruthy();
    expect(calls.find((c) => c.name === 'DeactivateStaffMember')?.variables).toEqual({
      input: { staffId: ADMIN, expectedVersion: 3 },
    });
  });

  it('a role that may not administer staff sees the API’s refusal, plainly', async () => {
    renderAs(<StaffPage />, ['CASE_MANAGER'], (c) =>
      c.name === 'StaffMembers' ? { error: gqlError({ code: 'FORBIDDEN' }) } : 'pending',
    );
    expect(await screen.findByText('You are not allowed to do this.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });
});

describe('Webhooks', () => {
  it('shows the signing secret once after registering, with a copy button, and lists failed deliveries', async () => {
    const user = userEvent.setup({ delay: null });
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const { calls } = renderAs(<WebhooksPage />, ['ORGANISATION_ADMIN'], (c) => {
      if (c.name === 'Webhooks') return { data: { webhooks: [] } };
      if (c.name === 'FailedDeliveries')
        return {
          data: {
            failedNotificationDeliveries: [
              {
                id: 'd-1',
                kind: 'NEW_REFERRAL',
                channel: 'WEBHOOK',
                attempts: 8,
                failedAt: '2026-12-07T10:00:00Z',
                lastError: 'HTTP_503',
                webhookId: 'w-1',
              },
            ],
          },
        };
      if (c.name === 'RegisterWebhook')
        return {
          data: {
            registerWebhook: {
              secret: 's3cr3t-value',
              webhook: {
                id: 'w-2',
                url: 'https://dost.example.az/hooks',
                kinds: [],
                active: true,
                consecutiveFailures: 0,
                disabledAt: null,
                createdAt: '2026-12-07T10:00:00Z',
              },
            },
          },
        };
      return 'pending';
    });
    const failedRow = (await screen.findByText('HTTP_503')).closest('tr')!;
    expect(within(failedRow).getByText('New referral')).toBeTruthy();
    expect(within(failedRow).getByText('Webhook')).toBeTruthy();

    await user.type(screen.getByLabelText('Address (URL)'), 'https://dost.example.az/hooks');
    await user.click(screen.getByRole('button', { name: 'Register webhook' }));
    expect(await screen.findByText('s3cr3t-value')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Copy secret' }));
    expect(writeText).toHaveBeenCalledWith('s3cr3t-value');
    await user.click(screen.getByRole('button', { name: /hide the secret/ }));
    expect(screen.queryByText('s3cr3t-value')).toBeNull();
    expect(calls.find((c) => c.name === 'RegisterWebhook')?.variables.input).toMatchObject({
      url: 'https://dost.example.az/hooks',
      kinds: null,
    });
  });
});

const ngo = {
  id: NGO,
  name: 'Legal Clinic',
  names: { az: 'Hüquq Klinikası', en: 'Legal Clinic', ru: null },
  type: 'NGO',
  region: 'Baku',
  services: ['LEGAL_AID'],
  contactPoints: [{ kind: 'PHONE', value: '+994 12 000 00 00', label: null }],
  acceptsReferrals: true,
  active: true,
  coveredRegions: [],
  version: 2,
};

describe('Organisations', () => {
  it('deactivation says what it does and happens only after confirmation', async () => {
    const user = userEvent.setup({ delay: null });
    const { calls } = renderAs(
      <OrganisationsPage />,
      ['ADMINISTRATOR'],
      (c) => {
        if (c.name === 'AdminOrganisations') return { data: { organisations: [ngo] } };
        if (c.name === 'DeactivateOrganisation')
          return {
            data: {
              deactivateOrganisation: {
                organisation: { ...ngo, active: false, acceptsReferrals: false, version: 3 },
                reroutedReferralIds: ['r1', 'r2'],
              },
            },
          };
        return 'pending';
      },
      'COORDINATOR',
    );
    await user.click(await screen.findByRole('button', { name: 'Deactivate: Legal Clinic' }));
    expect(screen.getByText(/go back to their senders/)).toBeTruthy();
    expect(calls.some((c) => c.name === 'DeactivateOrganisation')).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Yes, deactivate' }));
    expect(
      await screen.findByText('Legal Clinic is deactivated. Referrals sent back to their senders: 2.'),
    ).toBeTruthy();
    expect(calls.find((c) => c.name === 'DeactivateOrganisation')?.variables).toEqual({
      input: { organisationId: NGO, expectedVersion: 2 },
    });
  });

  it('creating: names, type, region, services and contact points go to the API; refused fields shown beside them', async () => {
    const user = userEvent.setup({ delay: null });
    const { calls } = renderAs(
      <OrganisationsPage />,
      ['ADMINISTRATOR'],
      (c) => {
        if (c.name === 'AdminOrganisations') return { data: { organisations: [] } };
        if (c.name === 'CreateOrganisation')
          return {
            error: gqlError({
              code: 'BAD_USER_INPUT',
              fields: [{ path: 'input.contactPoints.0.value', message: 'not a phone number' }],
            }),
          };
        return 'pending';
      },
      'COORDINATOR',
    );
    await user.click(await screen.findByRole('button', { name: 'Add organisation' }));
    await user.type(screen.getByLabelText('Name in Azerbaijani'), 'Yeni Mərkəz');
    await user.selectOptions(screen.getByLabelText('Type'), 'NGO');
    await user.type(screen.getByLabelText('Region'), 'Ganja');
    await user.click(screen.getByRole('checkbox', { name: 'Legal aid' }));
    await user.click(screen.getByRole('button', { name: 'Add a contact point' }));
    await user.type(screen.getByLabelText('Contact 1: value'), '12');
    await user.click(screen.getAllByRole('button', { name: 'Add organisation' })[1]!);
    const summary = await screen.findByRole('alert');
    expect(within(summary).getByRole('link', { name: /Contact 1: value/ })).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Name in Azerbaijani').value).toBe('Yeni Mərkəz');
    expect(calls.find((c) => c.name === 'CreateOrganisation')?.variables.input).toMatchObject({
      names: { az: 'Yeni Mərkəz', en: null, ru: null },
      type: 'NGO',
      region: 'Ganja',
      services: ['LEGAL_AID'],
      acceptsReferrals: true,
      contactPoints: [{ kind: 'PHONE', value: '12', label: null }],
      coveredRegions: null,
    });
  });
});
