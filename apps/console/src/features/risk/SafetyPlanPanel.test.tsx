import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { fakeClient, renderWith, type Call } from '../../test/render';
import { dayEndToIso, SafetyPlanPanel } from './SafetyPlanPanel';

const CASE = '44444444-4444-4444-8444-444444444444';
const OWN = '55555555-5555-4555-8555-555555555555';
const POLICE = '55555555-5555-4555-8555-666666666666';
const ITEM = '77777777-7777-4777-8777-777777777777';
const gqlError = (extensions: Record<string, unknown>) =>
  new CombinedError({ graphQLErrors: [new GraphQLError('x', { extensions })] });
const org = (id: string, az: string, en: string, ru: string) => ({
  id,
  name: az,
  names: { az, en, ru },
  type: 'NGO',
  region: 'Baku',
  services: [],
});
const directory = {
  organisations: [org(OWN, 'Mərkəz', 'Centre', 'Центр'), org(POLICE, 'Polis', 'Police', 'Полиция')],
};
const item = (over: Record<string, unknown> = {}) => ({
  id: ITEM,
  caseId: CASE,
  action: 'POLICE_WELFARE_CHECK',
  status: 'OPEN',
  dueAt: dayEndToIso('2027-01-10'),
  reviewAt: dayEndToIso('2027-01-20'),
  note: 'Check at the flat every evening',
  organisationId: OWN,
  responsibleOrganisationId: POLICE,
  version: 2,
  ...over,
});
const reads =
  (plan: () => unknown[], mutation: (c: Call) => { data?: unknown; error?: CombinedError }) => (c: Call) => {
    if (c.name === 'SafetyPlan') return { data: { safetyPlan: plan() } };
    if (c.name === 'Directory') return { data: directory };
    return mutation(c);
  };

describe('Safety plan', () => {
  it('lists items with coded labels and says where the note goes; a responsible organisation only reads', async () => {
    const { client } = fakeClient(
      reads(
        () => [item({ note: null })],
        () => ({}),
      ),
    );
    renderWith(<SafetyPlanPanel caseId={CASE} owner={false} ownOrganisationId={POLICE} />, client, 'ru');
    const row = await screen.findByTestId('safety-plan-item');
    expect(row.textContent).toContain('Проверка благополучия полицией · Открыт');
    expect(row.textContent).toContain('Ответственный: Ваша организация');
    expect(screen.getByText(/Заметка к пункту плана остаётся внутри вашей организации/)).toBeTruthy();
    expect(screen.queryByRole('form')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('adds an item; CONSENT_REQUIRED is shown beside the responsible organisation, the retry keeps values and key', async () => {
    const user = userEvent.setup();
    let attempts = 0;
    const { client, calls } = fakeClient(
      reads(
        () => [],
        () => {
          attempts += 1;
          return attempts === 1
            ? {
                error: gqlError({
                  code: 'FORBIDDEN',
                  reason: 'CONSENT_REQUIRED',
                  fields: [{ path: 'input.responsibleOrganisationId', message: 'Consent required' }],
                }),
              }
            : { data: { addSafetyPlanItem: item({ responsibleOrganisationId: OWN }) } };
        },
      ),
    );
    renderWith(<SafetyPlanPanel caseId={CASE} owner ownOrganisationId={OWN} />, client);
    await screen.findByText('The safety plan has no items yet.');
    const form = screen.getByRole('form', { name: 'Add a plan item' });
    await user.click(within(form).getByRole('button', { name: 'Add a plan item' }));
    expect(within(form).getByRole('alert').querySelectorAll('li')).toHaveLength(4);
    expect(calls.some((c) => c.name === 'AddSafetyPlanItem')).toBe(false);

    await user.selectOptions(within(form).getByLabelText('Action'), 'Police welfare check');
    await user.selectOptions(within(form).getByLabelText(/^Responsible organisation/), 'Police');
    await user.type(within(form).getByLabelText(/^Due date/), '2027-01-10');
    await user.type(within(form).getByLabelText(/^Review date/), '2027-01-20');
    await user.type(within(form).getByLabelText(/^Note/), 'Evening checks');
    await user.click(within(form).getByRole('button', { name: 'Add a plan item' }));
    const first = calls.find((c) => c.name === 'AddSafetyPlanItem')?.variables.input as Record<
      string,
      unknown
    >;
    expect(first).toEqual({
      caseId: CASE,
      action: 'POLICE_WELFARE_CHECK',
      responsibleOrganisationId: POLICE,
      dueAt: dayEndToIso('2027-01-10'),
      reviewAt: dayEndToIso('2027-01-20'),
      note: 'Evening checks',
      idempotencyKey: expect.any(String),
    });
    const select = within(form).getByLabelText<HTMLSelectElement>(/^Responsible organisation/);
    expect(select.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(`${select.id}-error`)?.textContent).toContain('Consent required');
    expect(
      within(form).getByText(
        'No consent in force covers this organisation for this action: choose your own organisation, or record her consent first.',
      ),
    ).toBeTruthy();
    expect(within(form).getByLabelText<HTMLTextAreaElement>(/^Note/).value).toBe('Evening checks');

    await user.selectOptions(select, 'Your organisation');
    await user.click(within(form).getByRole('button', { name: 'Add a plan item' }));
    const second = calls.filter((c) => c.name === 'AddSafetyPlanItem')[1]?.variables.input as Record<
      string,
      unknown
    >;
    expect(second.idempotencyKey).toBe(first.idempotencyKey);
    expect(second.responsibleOrganisationId).toBe(OWN);
    expect((await screen.findByRole('status')).textContent).toBe('The plan item was added.');
    expect(within(form).getByLabelText<HTMLTextAreaElement>(/^Note/).value).toBe('');
  });

  it('changes an item’s status at the version shown; a stale version is said plainly and the key is reused', async () => {
    const user = userEvent.setup();
    let attempts = 0;
    const { client, calls } = fakeClient(
      reads(
        () => [item()],
        () => {
          attempts += 1;
          return attempts === 1
            ? { error: gqlError({ code: 'CONFLICT', reason: 'CONFLICT' }) }
            : { data: { updateSafetyPlanItem: item({ status: 'DONE', version: 3 }) } };
        },
      ),
    );
    renderWith(<SafetyPlanPanel caseId={CASE} owner ownOrganisationId={OWN} />, client);
    const editor = await screen.findByRole('form', { name: 'Change: Police welfare check' });
    expect((await screen.findByTestId('safety-plan-item')).textContent).toContain(
      'Check at the flat every evening',
    );
    await user.selectOptions(within(editor).getByLabelText('Status'), 'Done');
    await user.click(within(editor).getByRole('button', { name: /^Save changes/ }));
    const first = calls.find((c) => c.name === 'UpdateSafetyPlanItem')?.variables.input as Record<
      string,
      unknown
    >;
    expect(first).toEqual({
      itemId: ITEM,
      expectedVersion: 2,
      idempotencyKey: expect.any(String),
      status: 'DONE',
    });
    expect((await within(editor).findByRole('alert')).textContent).toBe(
      'Someone changed this item meanwhile. The plan now shows it as it is; make your change again.',
    );
    await user.click(within(editor).getByRole('button', { name: /^Save changes/ }));
    const second = calls.filter((c) => c.name === 'UpdateSafetyPlanItem')[1]?.variables.input as Record<
      string,
      unknown
    >;
    expect(second.idempotencyKey).toBe(first.idempotencyKey);
  });
});
