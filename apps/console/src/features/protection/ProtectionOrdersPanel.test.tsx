import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { fakeClient, renderWith, type Call } from '../../test/render';
import { localToIso, ProtectionOrdersPanel } from './ProtectionOrdersPanel';

const CASE = '44444444-4444-4444-8444-444444444444';
const ORG = '55555555-5555-4555-8555-555555555555';
const gqlError = (extensions: Record<string, unknown>) =>
  new CombinedError({ graphQLErrors: [new GraphQLError('x', { extensions })] });
const days = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

const order = (over: Record<string, unknown>) => ({
  id: 'o1',
  caseId: CASE,
  kind: 'SHORT_TERM',
  issuer: 'EXECUTIVE_AUTHORITY',
  status: 'ISSUED',
  appliedAt: days(-10),
  issueDueAt: days(-9),
  issuedAt: days(-9.5),
  expiresAt: days(5),
  alertAt: days(2),
  extensionCount: 0,
  conditions: ['NO_CONTACT', 'NO_APPROACH'],
  breaches: [],
  ...over,
});

const panel = (owner = true) => (
  <ProtectionOrdersPanel
    caseId={CASE}
    owner={owner}
    status="OPEN"
    organisationName={() => 'Baku police'}
    onChanged={() => undefined}
  />
);
const answering =
  (orders: unknown[], mutation: (c: Call) => { data?: unknown; error?: CombinedError }) => (c: Call) =>
    c.name === 'ProtectionOrders' ? { data: { protectionOrders: orders } } : mutation(c);

describe('Protection orders', () => {
  it('lists the orders with the expiry as time left, the issuing deadline of an application and reported breaches', async () => {
    const { client } = fakeClient(
      answering(
        [
          order({
            breaches: [{ id: 'b1', occurredAt: days(-1), reportedAt: days(-1), reporterOrganisationId: ORG }],
          }),
          order({
            id: 'o2',
            kind: 'LONG_TERM',
            issuer: 'COURT',
            status: 'APPLIED',
            issueDueAt: days(1),
            issuedAt: null,
            expiresAt: null,
          }),
        ],
        () => ({ error: gqlError({ code: 'INTERNAL' }) }),
      ),
    );
    renderWith(panel(), client);
    const issued = await screen.findByRole('article', {
      name: 'Short-term protection order · Issued, in force',
    });
    expect(issued.textContent).toMatch(/In force until .*: expires in 5 days/);
    expect(issued.textContent).toContain('The executive authority');
    expect(within(issued).getByText('Keep away from her home, work or school')).toBeTruthy(); // its conditions
    expect(within(issued).getByText(/^Breach on .*, reported .* by Baku police$/)).toBeTruthy();
    expect(within(issued).getByRole('form', { name: 'Extend the order' })).toBeTruthy();
    expect(within(issued).getByRole('form', { name: 'Report a breach' })).toBeTruthy();
    const applied = screen.getByRole('article', { name: 'Long-term protection order · Applied for' });
    expect(applied.textContent).toMatch(/Must be issued by .* \(in 24 hours\)/);
    expect(within(applied).getByRole('form', { name: 'Record the issuance' })).toBeTruthy();
  });

  it('applies for an order with the chosen kind, reusing the key when a failed request is retried', async () => {
    const user = userEvent.setup();
    let attempts = 0;
    const { client, calls } = fakeClient(
      answering([], () => {
        attempts += 1;
        return attempts === 1
          ? { error: new CombinedError({ networkError: new Error('down') }) }
          : { data: { applyForProtectionOrder: order({ status: 'APPLIED' }) } };
      }),
    );
    renderWith(panel(), client, 'az');
    await screen.findByText('Mühafizə orderi üçün müraciət edilməyib.');
    await user.click(screen.getByRole('button', { name: 'Müraciəti qeyd et' }));
    // Without a kind nothing is sent; the summary points at the field.
    expect(calls.some((c) => c.name === 'ApplyForProtectionOrder')).toBe(false);
    expect(within(await screen.findByRole('alert')).getByRole('link', { name: /Orderin növü/ })).toBeTruthy();
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Orderin növü' }),
      'Qısamüddətli mühafizə orderi',
    );
    await user.click(screen.getByRole('button', { name: 'Müraciəti qeyd et' }));
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Orderin növü' }).value).toBe(
      'SHORT_TERM',
    );
    await user.click(screen.getByRole('button', { name: 'Müraciəti qeyd et' }));
    await screen.findByText('Müraciət qeyd olundu.');
    const sent = calls
      .filter((c) => c.name === 'ApplyForProtectionOrder')
      .map((c) => c.variables.input as Record<string, unknown>);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toEqual({ caseId: CASE, kind: 'SHORT_TERM', idempotencyKey: sent[1]?.idempotencyKey });
  });

  it('records the issuance with both dates, and shows the API’s term refusal beside the expiry, keeping the values', async () => {
    const user = userEvent.setup();
    const { client, calls } = fakeClient(
      answering([order({ status: 'APPLIED', issuedAt: null, expiresAt: null })], () => ({
        error: gqlError({
          code: 'BAD_USER_INPUT',
          fields: [{ path: 'input.expiresAt', message: 'must be at most 60 days after issuedAt' }],
        }),
      })),
    );
    renderWith(panel(), client);
    const form = await screen.findByRole('form', { name: 'Record the issuance' });
    await user.type(within(form).getByLabelText('Issued on'), '2026-12-01T10:00');
    await user.type(within(form).getByLabelText(/Expires on/), '2027-03-01T10:00');
    const conditions = within(form).getByRole('group', { name: 'Conditions of the order' });
    await user.click(within(conditions).getByLabelText('No contact, directly or through others'));
    await user.click(within(conditions).getByLabelText('Hand over weapons'));
    await user.click(within(form).getByRole('button', { name: 'Record the issuance' }));
    const summary = await within(form).findByRole('alert');
    expect(within(summary).getByRole('link', { name: 'Check “Expires on”' })).toBeTruthy();
    const expiry = within(form).getByLabelText(/Expires on/);
    expect(expiry.getAttribute('aria-invalid')).toBe('true');
    expect((expiry as HTMLInputElement).value).toBe('2027-03-01T10:00');
    expect(calls.find((c) => c.name === 'RecordProtectionOrderIssued')?.variables.input).toMatchObject({
      orderId: 'o1',
      issuedAt: localToIso('2026-12-01T10:00'),
      expiresAt: localToIso('2027-03-01T10:00'),
      conditions: ['NO_CONTACT', 'SURRENDER_WEAPONS'],
    });
    // The ticked conditions stay ticked after the refusal.
    expect(within(conditions).getByLabelText<HTMLInputElement>('Hand over weapons').checked).toBe(true);
  });

  it('lets a recipient report a breach but not extend, says FORBIDDEN plainly, and shows nothing without access', async () => {
    const user = userEvent.setup();
    const { client, calls } = fakeClient(
      answering([order({})], () => ({ error: gqlError({ code: 'FORBIDDEN' }) })),
    );
    renderWith(panel(false), client);
    const form = await screen.findByRole('form', { name: 'Report a breach' });
    expect(screen.queryByRole('form', { name: 'Extend the order' })).toBeNull();
    expect(screen.queryByRole('form', { name: 'Apply for a protection order' })).toBeNull();
    await user.type(within(form).getByLabelText('When it happened'), '2026-12-06T22:30');
    await user.click(within(form).getByRole('button', { name: 'Report the breach' }));
    expect((await within(form).findByRole('alert')).textContent).toContain('You are not allowed to do this.');
    expect(calls.find((c) => c.name === 'ReportProtectionOrderBreach')?.variables.input).toMatchObject({
      orderId: 'o1',
      occurredAt: localToIso('2026-12-06T22:30'),
    });

    const hidden = fakeClient(() => ({ error: gqlError({ code: 'NOT_FOUND' }) }));
    const { container } = renderWith(panel(false), hidden.client);
    await vi.waitFor(() => expect(hidden.calls.some((c) => c.name === 'ProtectionOrders')).toBe(true));
    expect(container.textContent).toBe('');
  });
});
