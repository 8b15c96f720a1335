import { act, screen, within } from '@testing-library/react';
import { useState } from 'react';
import userEvent from '@testing-library/user-event';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { type Route } from '../../app/router';
import { Shell } from '../../app/Shell';
import { fakeClient, renderWith } from '../../test/render';
import { NotificationSettingsPage } from './NotificationSettingsPage';
import { NotificationsPage } from './NotificationsPage';

vi.setConfig({ testTimeout: 30_000 });

const REF = '77777777-7777-4777-8777-777777777777';
const note = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind: 'NEW_REFERRAL',
  taskId: 't-1',
  taskType: 'REFERRAL_RESPONSE',
  referralId: REF,
  caseCode: 'DOST-2026-0042',
  dueAt: '2026-12-07T14:00:00Z',
  mandatory: true,
  createdAt: '2026-12-07T10:00:00Z',
  ...extra,
});
const page = (nodes: ReturnType<typeof note>[], hasNextPage = false) => ({
  data: {
    notifications: {
      edges: nodes.map((n) => ({ cursor: `c-${n.id}`, node: n })),
      endCursor: nodes.length ? `c-${nodes[nodes.length - 1]!.id}` : null,
      hasNextPage,
    },
  },
});

describe('Notifications feed', () => {
  it('shows each notification in words with its case code, deadline and a link by id; older pages on request', async () => {
    const user = userEvent.setup({ delay: null });
    const fake = fakeClient((c) => {
      if (c.name === 'NotificationReceived') return 'pending';
      if (c.name === 'Notifications')
        return c.variables.after === null
          ? page([note('n1')], true)
          : page([
              note('n2', {
                kind: 'REFERRAL_ACCEPTED',
                caseCode: null,
                referralId: null,
                taskId: null,
                taskType: null,
                dueAt: null,
                mandatory: false,
              }),
            ]);
      return 'pending';
    });
    renderWith(<NotificationsPage />, fake.client);
    const first = (await screen.findByText('New referral')).closest('li')!;
    expect(within(first).getByText('Required')).toBeTruthy();
    expect(within(first).getByText(/case DOST-2026-0042/)).toBeTruthy();
    expect(within(first).getByRole('link', { name: 'Open the referral' }).getAttribute('href')).toBe(
      `/referrals/${REF}`,
    );
    await user.click(screen.getByRole('button', { name: 'Show older notifications' }));
    expect(await screen.findByText('Referral accepted')).toBeTruthy();
    expect(fake.calls.filter((c) => c.name === 'Notifications').map((c) => c.variables.after)).toEqual([
      null,
      'c-n1',
    ]);
    expect(screen.queryByRole('button', { name: 'Show older notifications' })).toBeNull();
  });

  it('a live notification reads the newest page again', async () => {
    let deliver: (r: { data: unknown }) => void = () => undefined;
    const arrival = new Promise<{ data: unknown }>((r) => (deliver = r));
    const fake = fakeClient((c) => {
      if (c.name === 'NotificationReceived') return arrival;
      if (c.name === 'Notifications') return page([note('n1')]);
      return 'pending';
    });
    renderWith(<NotificationsPage />, fake.client);
    await screen.findByText('New referral');
    expect(fake.calls.filter((c) => c.name === 'Notifications')).toHaveLength(1);
    deliver({ data: { notificationReceived: note('n9') } });
    await vi.waitFor(() => expect(fake.calls.filter((c) => c.name === 'Notifications')).toHaveLength(2));
  });
});

describe('the navigation’s new-notification count', () => {
  beforeEach(() => {
    vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
  });

  it('counts live arrivals while elsewhere, and clears when the feed is open', async () => {
    const fake = fakeClient((c) =>
      c.name === 'NotificationReceived' ? { data: { notificationReceived: note('n1') } } : 'pending',
    );
    const me = {
      id: 'm',
      displayName: 'Leyla',
      roles: ['CASE_MANAGER' as const],
      organisation: { id: 'o', name: 'DOST Baku', type: 'DOST_CENTER' as const },
    };
    let go: (route: Route) => void = () => undefined;
    function Harness() {
      const [route, setRoute] = useState<Route>({ name: 'inbox' });
      go = setRoute;
      return (
        <Shell me={me} route={route} onSignOut={() => undefined}>
          <p>screen</p>
        </Shell>
      );
    }
    renderWith(<Harness />, fake.client);
    const link = await screen.findByRole('link', { name: 'Notifications 1 new' });
    expect(link.getAttribute('href')).toBe('/notifications');
    act(() => go({ name: 'notifications' }));
    expect(await screen.findByRole('link', { name: 'Notifications' })).toBeTruthy();
  });
});

const settings = (overrides: Record<string, unknown> = {}) => ({
  data: {
    notificationSettings: {
      email: 'leyla@dost.example.az',
      language: 'EN',
      preferences: [
        { kind: 'ESCALATION', channel: 'CONSOLE', enabled: true, mandatory: true },
        { kind: 'ESCALATION', channel: 'EMAIL', enabled: true, mandatory: true },
        { kind: 'REFERRAL_ACCEPTED', channel: 'CONSOLE', enabled: true, mandatory: false },
        { kind: 'REFERRAL_ACCEPTED', channel: 'EMAIL', enabled: false, mandatory: false },
      ],
      ...overrides,
    },
  },
});

describe('Notification settings', () => {
  it('mandatory kinds are locked on with the reason; others switch per channel', async () => {
    const user = userEvent.setup({ delay: null });
    const fake = fakeClient((c) => {
      if (c.name === 'NotificationSettings') return settings();
      if (c.name === 'SetNotificationPreference') return settings();
      return 'pending';
    });
    renderWith(<NotificationSettingsPage />, fake.client);
    const locked = await screen.findByRole('checkbox', { name: 'Escalation: By e-mail' });
    expect((locked as HTMLInputElement).checked).toBe(true);
    expect((locked as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText(/cannot be switched off\./)).toBeTruthy();
    await user.click(screen.getByRole('checkbox', { name: 'Referral accepted: By e-mail' }));
    expect(fake.calls.find((c) => c.name === 'SetNotificationPreference')?.variables).toEqual({
      input: { kind: 'REFERRAL_ACCEPTED', channel: 'EMAIL', enabled: true },
    });
  });

  it('a refused e-mail is shown beside the field, kept, and the language is left as it is', async () => {
    const user = userEvent.setup({ delay: null });
    const fake = fakeClient((c) => {
      if (c.name === 'NotificationSettings') return settings();
      if (c.name === 'SetNotificationEmail')
        return {
          error: new CombinedError({
            graphQLErrors: [
              new GraphQLError('x', {
                extensions: {
                  code: 'BAD_USER_INPUT',
                  fields: [{ path: 'input.email', message: 'must be an e-mail address' }],
                },
              }),
            ],
          }),
        };
      return 'pending';
    });
    renderWith(<NotificationSettingsPage />, fake.client);
    const field = await screen.findByLabelText<HTMLInputElement>('Work e-mail address');
    await user.clear(field);
    await user.type(field, 'leyla');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.value).toBe('leyla');
    expect(fake.calls.find((c) => c.name === 'SetNotificationEmail')?.variables).toEqual({
      input: { email: 'leyla', language: 'EN' },
    });
  });
});
