import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { fakeClient, renderWith, testMe } from '../../test/render';
import { Inbox } from './Inbox';

const hours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const task = (id: string, type: string, dueAt: string, overdue: boolean) => ({
  cursor: id,
  node: {
    id,
    type,
    status: 'OPEN',
    dueAt,
    overdue,
    createdAt: hours(-5),
    caseId: '22222222-2222-4222-8222-222222222222',
    caseCode: `NRM-${id}`,
    referralId: '33333333-3333-4333-8333-333333333333',
  },
});
const page = {
  inbox: {
    edges: [
      task('OVERDUE1', 'REFERRAL_RESPONSE', hours(-2), true),
      task('LATER001', 'FOLLOW_UP', hours(3), false),
    ],
    pageInfo: { endCursor: 'c2', hasNextPage: true },
  },
};

describe('Inbox', () => {
  it('shows the API’s tasks in its order, overdue marked, with time left and links by id', async () => {
    const { client } = fakeClient((c) => (c.name === 'InboxTaskAdded' ? 'pending' : { data: page }));
    renderWith(<Inbox me={testMe(['CASE_MANAGER'])} onRefused={() => undefined} />, client);
    const rows = await screen.findAllByTestId('task-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByText('Overdue')).toBeTruthy();
    expect(rows[0]!.textContent).toMatch(/2 hours ago/);
    expect(rows[1]!.textContent).toMatch(/in 3 hours/);
    expect(within(rows[0]!).getByRole('link', { name: 'Answer a referral' }).getAttribute('href')).toBe(
      '/referrals/33333333-3333-4333-8333-333333333333',
    );
    // Only tasks closed from the inbox offer "Mark done".
    expect(within(rows[0]!).queryByRole('button', { name: 'Mark done' })).toBeNull();
    expect(within(rows[1]!).getByRole('button', { name: 'Mark done' })).toBeTruthy();
  });

  it('sends the filters and pages with the cursor', async () => {
    const user = userEvent.setup();
    const { client, calls } = fakeClient((c) => (c.name === 'InboxTaskAdded' ? 'pending' : { data: page }));
    renderWith(<Inbox me={testMe(['CASE_MANAGER'])} onRefused={() => undefined} />, client);
    await screen.findAllByTestId('task-row');
    await user.selectOptions(screen.getByLabelText('Type of task'), 'REFERRAL_RESPONSE');
    await user.selectOptions(screen.getByLabelText('Due'), 'overdue');
    const last = calls.filter((c) => c.name === 'Inbox').at(-1)!.variables;
    expect(last.filter).toMatchObject({ type: 'REFERRAL_RESPONSE' });
    expect(typeof (last.filter as { dueBefore?: string }).dueBefore).toBe('string');
    expect((last.filter as { dueAfter?: string }).dueAfter).toBeUndefined();
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(calls.filter((c) => c.name === 'Inbox').at(-1)!.variables.after).toBe('c2');
  });

  it('explains a refusal for lack of role, and hands an unaccepted sign-in to the app', async () => {
    const forbidden = new CombinedError({
      graphQLErrors: [new GraphQLError('Forbidden', { extensions: { code: 'FORBIDDEN' } })],
    });
    const { client } = fakeClient((c) => (c.name === 'InboxTaskAdded' ? 'pending' : { error: forbidden }));
    renderWith(<Inbox me={testMe(['CASE_MANAGER'])} onRefused={() => undefined} />, client);
    expect(await screen.findByRole('heading', { name: 'You have no role in this system yet' })).toBeTruthy();

    const refused = vi.fn();
    const unauth = new CombinedError({
      graphQLErrors: [new GraphQLError('No', { extensions: { code: 'UNAUTHENTICATED' } })],
    });
    renderWith(
      <Inbox me={testMe(['CASE_MANAGER'])} onRefused={refused} />,
      fakeClient((c) => (c.name === 'InboxTaskAdded' ? 'pending' : { error: unauth })).client,
    );
    await vi.waitFor(() => expect(refused).toHaveBeenCalled());
  });

  it('asks again when the API announces a new task live', async () => {
    const { client, calls } = fakeClient((c) =>
      c.name === 'InboxTaskAdded' ? { data: { inboxTaskAdded: { id: 'NEW' } } } : { data: page },
    );
    renderWith(<Inbox me={testMe(['CASE_MANAGER'])} onRefused={() => undefined} />, client);
    await screen.findAllByTestId('task-row');
    await vi.waitFor(() => expect(calls.filter((c) => c.name === 'Inbox').length).toBeGreaterThan(1));
    expect(calls.some((c) => c.name === 'InboxTaskAdded')).toBe(true);
  });

  it.each(['az', 'ru'] as const)('shows no raw translation key in %s', async (language) => {
    const { client } = fakeClient((c) => (c.name === 'InboxTaskAdded' ? 'pending' : { data: page }));
    renderWith(<Inbox me={testMe(['CASE_MANAGER'])} onRefused={() => undefined} />, client, language);
    await screen.findAllByTestId('task-row');
    expect(document.body.textContent).not.toMatch(/\b(inbox|common|enum|errors)\.[A-Za-z]/);
    expect(document.documentElement.lang).toBe(language);
  });
});
