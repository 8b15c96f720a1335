import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { fakeClient, renderWith } from '../../test/render';
import { OpenCase } from './OpenCase';

const badInput = (path: string) =>
  new CombinedError({
    graphQLErrors: [
      new GraphQLError('Invalid input', {
        extensions: { code: 'BAD_USER_INPUT', fields: [{ path, message: 'must be a phone number' }] },
      }),
    ],
  });

async function searchAndFill(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByRole('textbox', { name: 'Full name' }), 'Leyla Mammadova');
  await user.click(screen.getByRole('button', { name: 'Search' }));
  await screen.findByText('No existing case matches. You can open a new case.');
}

async function chooseRequired(user: ReturnType<typeof userEvent.setup>) {
  await user.selectOptions(screen.getByLabelText('Who contacted'), 'WOMAN');
  await user.selectOptions(screen.getByLabelText('Main reason for contact'), 'DOMESTIC_VIOLENCE');
  await user.selectOptions(screen.getByLabelText('How they contacted'), 'WALK_IN');
  await user.selectOptions(screen.getByLabelText('Risk level'), 'HIGH');
}

describe('Open a case', () => {
  it('searches for duplicates first, with the terms in the request only, and lists matches', async () => {
    const user = userEvent.setup();
    const { client, calls } = fakeClient((c) =>
      c.name === 'FindDuplicates'
        ? {
            data: {
              findPossibleDuplicates: [
                {
                  caseId: '11111111-1111-4111-8111-111111111111',
                  caseCode: 'NRM-AAAA1111',
                  matchedOn: ['FULL_NAME'],
                  openedAt: '2026-01-02T10:00:00Z',
                  status: 'OPEN',
                },
              ],
            },
          }
        : 'pending',
    );
    renderWith(<OpenCase />, client);
    expect(screen.queryByRole('button', { name: 'Open the case' })).toBeNull();
    await user.type(screen.getByRole('textbox', { name: 'Full name' }), 'Leyla Mammadova');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    const link = await screen.findByRole('link', { name: 'NRM-AAAA1111' });
    expect(link.getAttribute('href')).toBe('/cases/11111111-1111-4111-8111-111111111111');
    expect(calls.find((c) => c.name === 'FindDuplicates')?.variables).toEqual({
      fullName: 'Leyla Mammadova',
      phone: null,
    });
    expect(window.location.href).not.toContain('Leyla');
    // The new-case form opens after the search, with the searched name carried over.
    expect(screen.getAllByDisplayValue('Leyla Mammadova')).toHaveLength(2);
  });

  it('lists missing choices in an error summary linked to each field, and sends nothing', async () => {
    const user = userEvent.setup();
    const { client, calls } = fakeClient((c) =>
      c.name === 'FindDuplicates' ? { data: { findPossibleDuplicates: [] } } : 'pending',
    );
    renderWith(<OpenCase />, client);
    await searchAndFill(user);
    await user.click(screen.getByRole('button', { name: 'Open the case' }));
    const summary = screen.getByRole('alert');
    expect(within(summary).getByRole('heading', { name: 'There is a problem' })).toBeTruthy();
    const links = within(summary)
      .getAllByRole('link')
      .map((a) => [a.textContent, a.getAttribute('href')]);
    expect(links).toEqual([
      ['Check “Who contacted”', '#callerType'],
      ['Check “Main reason for contact”', '#category'],
      ['Check “How they contacted”', '#channel'],
      ['Check “Risk level”', '#riskLevel'],
    ]);
    expect(screen.getByLabelText('Risk level').getAttribute('aria-invalid')).toBe('true');
    expect(calls.some((c) => c.name === 'OpenCase')).toBe(false);
  });

  it('shows the API’s field error beside its field and keeps every value', async () => {
    const user = userEvent.setup();
    const { client, calls } = fakeClient((c) =>
      c.name === 'FindDuplicates'
        ? { data: { findPossibleDuplicates: [] } }
        : { error: badInput('input.survivor.phone') },
    );
    renderWith(<OpenCase />, client);
    await searchAndFill(user);
    await chooseRequired(user);
    const phone = screen.getAllByRole('textbox', { name: /Phone number/ })[1] as HTMLInputElement;
    await user.type(phone, '12');
    await user.click(screen.getByRole('button', { name: 'Open the case' }));
    const summary = await screen.findByRole('alert');
    expect(within(summary).getByRole('link', { name: 'Check “Phone number”' }).getAttribute('href')).toBe(
      '#phone',
    );
    expect(phone.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById('phone-error')?.textContent).toContain('Check this answer.');
    expect(phone.getAttribute('aria-describedby')).toContain('phone-error');
    expect(phone.value).toBe('12');
    expect(screen.getByLabelText<HTMLSelectElement>('Risk level').value).toBe('HIGH');
    const sent = calls.find((c) => c.name === 'OpenCase')!.variables.input;
    expect(sent).toMatchObject({
      callerType: 'WOMAN',
      category: 'DOMESTIC_VIOLENCE',
      channel: 'WALK_IN',
      riskLevel: 'HIGH',
      anonymous: false,
    });
    expect(typeof (sent as { idempotencyKey?: unknown }).idempotencyKey).toBe('string');
  });

  it('says so plainly when the network fails, keeps the values, and retries with the same idempotency key', async () => {
    const user = userEvent.setup();
    const { client, calls } = fakeClient((c) =>
      c.name === 'FindDuplicates'
        ? { data: { findPossibleDuplicates: [] } }
        : { error: new CombinedError({ networkError: new TypeError('Failed to fetch') }) },
    );
    renderWith(<OpenCase />, client);
    await searchAndFill(user);
    await chooseRequired(user);
    await user.click(screen.getByRole('button', { name: 'Open the case' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The service could not be reached');
    expect(screen.getAllByDisplayValue('Leyla Mammadova')).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Open the case' }));
    const keys = calls
      .filter((c) => c.name === 'OpenCase')
      .map((c) => (c.variables.input as { idempotencyKey: string }).idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });
});
