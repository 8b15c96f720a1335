import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { fakeClient, renderWith, testMe } from '../../test/render';
import { Inbox } from '../inbox/Inbox';

const TASK = '77777777-7777-4777-8777-777777777777';
const gqlError = (extensions: Record<string, unknown>) =>
  new CombinedError({ graphQLErrors: [new GraphQLError('x', { extensions })] });
const page = {
  inbox: {
    edges: [
      {
        cursor: 'c1',
        node: {
          id: TASK,
          type: 'RISK_CONFERENCE',
          status: 'OPEN',
          dueAt: new Date(Date.now() + 3_600_000).toISOString(),
          overdue: false,
          createdAt: new Date().toISOString(),
          caseId: '22222222-2222-4222-8222-222222222222',
          caseCode: 'NRM-RISK0001',
          referralId: null,
          assigneeId: null,
        },
      },
    ],
    pageInfo: { endCursor: 'c1', hasNextPage: false },
  },
};

describe('Risk conference outcome in the inbox', () => {
  it('records the outcome on the RISK_CONFERENCE task, reusing the key after a failure, then refreshes', async () => {
    const user = userEvent.setup();
    let attempts = 0;
    const { client, calls } = fakeClient((c) => {
      if (c.name === 'InboxTaskAdded') return 'pending';
      if (c.name === 'Inbox') return { data: page };
      attempts += 1;
      return attempts === 1
        ? { error: new CombinedError({ networkError: new Error('down') }) }
        : {
            data: {
              recordRiskConferenceOutcome: {
                id: 'c1',
                outcome: 'SAFETY_PLAN_AGREED',
                outcomeRecordedAt: new Date().toISOString(),
              },
            },
          };
    });
    renderWith(<Inbox me={testMe(['CASE_MANAGER'])} onRefused={() => undefined} />, client, 'az');
    const row = (await screen.findAllByTestId('task-row'))[0] as HTMLElement;
    const record = within(row).getByRole('button', { name: 'Nəticəni qeyd et' });
    expect((record as HTMLButtonElement).disabled).toBe(true);
    await user.selectOptions(
      within(row).getByRole('combobox', { name: 'Konfransın nəticəsi' }),
      'Təhlükəsizlik planı razılaşdırıldı',
    );
    await user.click(record);
    expect(await within(row).findByRole('alert')).toBeTruthy();
    const inboxReads = calls.filter((c) => c.name === 'Inbox').length;
    await user.click(record);
    expect(await screen.findByText('Nəticə qeyd olundu və tapşırıq tamamlandı.')).toBeTruthy();
    const sent = calls
      .filter((c) => c.name === 'RecordRiskConferenceOutcome')
      .map((c) => c.variables.input as { taskId: string; outcome: string; idempotencyKey: string });
    expect(sent).toHaveLength(2);
    expect(sent[0]).toEqual({
      taskId: TASK,
      outcome: 'SAFETY_PLAN_AGREED',
      idempotencyKey: sent[1]?.idempotencyKey,
    });
    expect(calls.filter((c) => c.name === 'Inbox').length).toBeGreaterThan(inboxReads);
  });

  it('shows FORBIDDEN plainly (only the convening monitoring group may record it)', async () => {
    const user = userEvent.setup();
    const { client } = fakeClient((c) =>
      c.name === 'InboxTaskAdded'
        ? 'pending'
        : c.name === 'Inbox'
          ? { data: page }
          : { error: gqlError({ code: 'FORBIDDEN' }) },
    );
    renderWith(<Inbox me={testMe(['CASE_MANAGER'])} onRefused={() => undefined} />, client);
    const row = (await screen.findAllByTestId('task-row'))[0] as HTMLElement;
    await user.selectOptions(
      within(row).getByRole('combobox', { name: 'Conference outcome' }),
      'NO_FURTHER_ACTION',
    );
    await user.click(within(row).getByRole('button', { name: 'Record the outcome' }));
    expect((await within(row).findByRole('alert')).textContent).toContain('You are not allowed to do this.');
  });
});
