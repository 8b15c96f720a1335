import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { fakeClient, renderWith, type Call, testMe } from '../../test/render';
import { Inbox } from './Inbox';

const STAFF = '66666666-6666-4666-8666-666666666666';
const gqlError = (extensions: Record<string, unknown>) =>
  new CombinedError({ graphQLErrors: [new GraphQLError('x', { extensions })] });
const task = (id: string, code: string, assigneeId: string | null) => ({
  cursor: id,
  node: {
    id,
    type: 'FOLLOW_UP',
    status: 'OPEN',
    dueAt: new Date(Date.now() + 3_600_000).toISOString(),
    overdue: false,
    createdAt: new Date().toISOString(),
    caseId: '22222222-2222-4222-8222-222222222222',
    caseCode: code,
    referralId: null,
    assigneeId,
  },
});
const QUEUED = '11111111-1111-4111-8111-111111111111';
const HELD = '11111111-1111-4111-8111-222222222222';
const page = {
  inbox: {
    edges: [task(QUEUED, 'NRM-QUEUE001', null), task(HELD, 'NRM-HELD0001', STAFF)],
    pageInfo: { endCursor: 'c2', hasNextPage: false },
  },
};
const inbox = (mutation: (c: Call) => { data?: unknown; error?: CombinedError }) => (c: Call) =>
  c.name === 'InboxTaskAdded' ? ('pending' as const) : c.name === 'Inbox' ? { data: page } : mutation(c);

describe('Task assignment in the inbox', () => {
  it('filters by whose tasks, sending nothing for "all"', async () => {
    const user = userEvent.setup();
    const { client, calls } = fakeClient(inbox(() => ({ error: gqlError({ code: 'INTERNAL' }) })));
    renderWith(<Inbox me={testMe(['CASE_MANAGER'])} onRefused={() => undefined} />, client);
    await screen.findAllByTestId('task-row');
    expect(calls.filter((c) => c.name === 'Inbox')[0]?.variables.filter).toEqual({});
    for (const [label, value] of [
      ['Mine', 'MINE'],
      ['My team', 'MY_TEAM'],
      ['Unassigned', 'UNASSIGNED'],
    ] as const) {
      await user.selectOptions(screen.getByRole('combobox', { name: 'Whose tasks' }), label);
      expect(calls.filter((c) => c.name === 'Inbox').at(-1)?.variables.filter).toEqual({ assignment: value });
    }
  });

  it('takes a queued task and gives back a held one, reading the inbox again', async () => {
    const user = userEvent.setup();
    const { client, calls } = fakeClient(
      inbox((c) =>
        c.name === 'ClaimTask'
          ? { data: { claimTask: { id: QUEUED, assigneeId: STAFF, status: 'OPEN' } } }
          : { data: { releaseTask: { id: HELD, assigneeId: null, status: 'OPEN' } } },
      ),
    );
    renderWith(<Inbox me={testMe(['CASE_MANAGER'])} onRefused={() => undefined} />, client, 'az');
    const [queued, held] = (await screen.findAllByTestId('task-row')) as [HTMLElement, HTMLElement];
    expect(queued.textContent).toContain('Növbədə');
    expect(held.textContent).toContain('Əməkdaşda');
    expect(within(queued).queryByRole('button', { name: /^Geri qaytar/ })).toBeNull();
    const reads = calls.filter((c) => c.name === 'Inbox').length;
    await user.click(within(queued).getByRole('button', { name: /^Götür\s*·.*NRM-QUEUE001$/ }));
    await user.click(within(held).getByRole('button', { name: /^Geri qaytar\s*·.*NRM-HELD0001$/ }));
    expect(calls.find((c) => c.name === 'ClaimTask')?.variables).toEqual({ input: { taskId: QUEUED } });
    expect(calls.find((c) => c.name === 'ReleaseTask')?.variables).toEqual({ input: { taskId: HELD } });
    expect(calls.filter((c) => c.name === 'Inbox').length).toBeGreaterThanOrEqual(reads + 2);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says plainly when someone else claimed first (CONFLICT) and who may give a task back (FORBIDDEN)', async () => {
    const user = userEvent.setup();
    const { client, calls } = fakeClient(
      inbox((c) =>
        c.name === 'ClaimTask'
          ? { error: gqlError({ code: 'CONFLICT' }) }
          : { error: gqlError({ code: 'FORBIDDEN' }) },
      ),
    );
    renderWith(<Inbox me={testMe(['CASE_MANAGER'])} onRefused={() => undefined} />, client);
    const [queued, held] = (await screen.findAllByTestId('task-row')) as [HTMLElement, HTMLElement];
    const reads = calls.filter((c) => c.name === 'Inbox').length;
    await user.click(within(queued).getByRole('button', { name: /^Take/ }));
    expect((await within(queued).findByRole('alert')).textContent).toBe(
      'Someone else took this task first. The list now shows who holds it.',
    );
    expect(calls.filter((c) => c.name === 'Inbox').length).toBeGreaterThan(reads);
    await user.click(within(held).getByRole('button', { name: /^Give back/ }));
    expect((await within(held).findByRole('alert')).textContent).toBe(
      'Only the person who holds this task can give it back.',
    );
  });
});

describe('A supervisor gives a task to a member', () => {
  const LAWYER = '66666666-6666-4666-8666-000000000002';
  const members = {
    staffMembers: [
      { id: STAFF, displayName: 'Ali Aliyev', active: true, roles: ['CASE_MANAGER'] },
      { id: LAWYER, displayName: 'Leyla Mammadova', active: true, roles: ['LAWYER'] },
      { id: '66666666-6666-4666-8666-000000000003', displayName: 'Gone', active: false, roles: ['LAWYER'] },
    ],
  };
  const supervised = (assign: (c: Call) => { data?: unknown; error?: CombinedError }) =>
    inbox((c) => (c.name === 'AssignableStaff' ? { data: members } : assign(c)));

  it('lists the active members of their organisation, names the holder, and assigns the chosen one', async () => {
    const user = userEvent.setup();
    const { client, calls } = fakeClient(
      supervised(() => ({ data: { assignTask: { id: QUEUED, assigneeId: LAWYER, status: 'OPEN' } } })),
    );
    renderWith(<Inbox me={testMe(['SUPERVISOR'])} onRefused={() => undefined} />, client);
    await screen.findAllByText('Ali Aliyev');
    const [queued, held] = (await screen.findAllByTestId('task-row')) as [HTMLElement, HTMLElement];
    expect(calls.find((c) => c.name === 'AssignableStaff')?.variables).toEqual({
      organisationId: testMe([]).organisation.id,
    });
    // The holder is named, and not offered again for the task they hold.
    expect(held.textContent).toContain('Ali Aliyev');
    expect(
      within(within(held).getByRole('combobox'))
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Choose a member', 'Leyla Mammadova']);
    const select = within(queued).getByRole('combobox', { name: /^Give to a member\s*·.*NRM-QUEUE001$/ });
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Choose a member', 'Ali Aliyev', 'Leyla Mammadova']);
    const reads = calls.filter((c) => c.name === 'Inbox').length;
    await user.selectOptions(select, 'Leyla Mammadova');
    await user.click(within(queued).getByRole('button', { name: /^Assign\s*·.*NRM-QUEUE001$/ }));
    expect(calls.find((c) => c.name === 'AssignTask')?.variables).toEqual({
      input: { taskId: QUEUED, assigneeId: LAWYER },
    });
    expect(calls.filter((c) => c.name === 'Inbox').length).toBeGreaterThan(reads);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says plainly who may assign (FORBIDDEN) and when the member does not fit (BAD_USER_INPUT), in Russian', async () => {
    const user = userEvent.setup();
    let attempts = 0;
    const { client } = fakeClient(
      supervised(() => {
        attempts += 1;
        return attempts === 1
          ? { error: gqlError({ code: 'FORBIDDEN' }) }
          : {
              error: gqlError({
                code: 'BAD_USER_INPUT',
                fields: [{ path: 'input.assigneeId', message: 'x' }],
              }),
            };
      }),
    );
    renderWith(<Inbox me={testMe(['SUPERVISOR'])} onRefused={() => undefined} />, client, 'ru');
    await screen.findAllByText('Ali Aliyev');
    const [queued] = (await screen.findAllByTestId('task-row')) as [HTMLElement];
    await user.selectOptions(
      within(queued).getByRole('combobox', { name: /^Передать сотруднику/ }),
      'Leyla Mammadova',
    );
    await user.click(within(queued).getByRole('button', { name: /^Назначить/ }));
    expect((await within(queued).findByRole('alert')).textContent).toBe(
      'Передать эту задачу может только супервайзер (или супервайзер того, у кого она сейчас).',
    );
    await user.click(within(queued).getByRole('button', { name: /^Назначить/ }));
    expect((await within(queued).findByRole('alert')).textContent).toBe(
      'Этот сотрудник не может взять задачу: он должен быть активен и иметь роль, которая работает с такими задачами.',
    );
  });

  it('offers no assignment to a member who is not a supervisor, and does not read the staff list', async () => {
    const { client, calls } = fakeClient(inbox(() => ({ error: gqlError({ code: 'INTERNAL' }) })));
    renderWith(<Inbox me={testMe(['CASE_MANAGER'])} onRefused={() => undefined} />, client);
    await screen.findAllByTestId('task-row');
    expect(screen.queryByRole('combobox', { name: /Give to a member/ })).toBeNull();
    expect(calls.some((c) => c.name === 'AssignableStaff')).toBe(false);
  });
});
