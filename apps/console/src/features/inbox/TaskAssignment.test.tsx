import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { fakeClient, renderWith, type Call } from '../../test/render';
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
    renderWith(<Inbox onRefused={() => undefined} />, client);
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
    renderWith(<Inbox onRefused={() => undefined} />, client, 'az');
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
    renderWith(<Inbox onRefused={() => undefined} />, client);
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
