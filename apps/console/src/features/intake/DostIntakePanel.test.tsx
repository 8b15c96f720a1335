import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { fakeClient, renderWith } from '../../test/render';
import { DostIntakePanel } from './DostIntakePanel';

const CASE = '44444444-4444-4444-8444-444444444444';
const gqlError = (extensions: Record<string, unknown>) =>
  new CombinedError({ graphQLErrors: [new GraphQLError('x', { extensions })] });

const intake = {
  caseId: CASE,
  phase: 'DESK',
  startedAt: '2026-12-07T08:00:00Z',
  completedAt: null,
  steps: [
    {
      step: 'QUEUE_TICKET',
      status: 'DONE',
      openedAt: '2026-12-07T08:00:00Z',
      dueAt: '2026-12-07T09:00:00Z',
      overdue: false,
      completedAt: '2026-12-07T08:10:00Z',
    },
    {
      step: 'DESK',
      status: 'OPEN',
      openedAt: '2026-12-07T08:10:00Z',
      dueAt: '2026-12-07T09:10:00Z',
      overdue: true,
      completedAt: null,
    },
  ],
  escalations: [{ at: '2026-12-07T09:10:00Z', standard: 'FRONT_OFFICE', step: 'DESK' }],
  assessment: null,
  policeNotification: { mode: null, notifiedAt: null, awaitingCountersign: false },
  ssaApplication: { status: 'UNDECIDED' },
};

describe('DOST intake', () => {
  it('shows nothing to someone outside the owning centre (NOT_FOUND)', async () => {
    const { client, calls } = fakeClient(() => ({ error: gqlError({ code: 'NOT_FOUND' }) }));
    const { container } = renderWith(<DostIntakePanel caseId={CASE} />, client);
    await vi.waitFor(() => expect(calls.some((c) => c.name === 'DostIntake')).toBe(true));
    expect(container.textContent).toBe('');
  });

  it('starts the intake, reusing the same idempotency key when a failed start is retried', async () => {
    const user = userEvent.setup();
    let startAnswers = 0;
    const { client, calls } = fakeClient((c) => {
      if (c.name === 'DostIntake') return { data: { dostIntake: null } };
      startAnswers += 1;
      return startAnswers === 1
        ? { error: new CombinedError({ networkError: new Error('down') }) }
        : { data: { startDostIntake: { caseId: CASE, phase: 'QUEUE_TICKET' } } };
    });
    renderWith(<DostIntakePanel caseId={CASE} />, client);
    await user.click(await screen.findByRole('button', { name: 'Start the DOST intake' }));
    expect(await screen.findByRole('alert')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Start the DOST intake' }));
    const starts = calls.filter((c) => c.name === 'StartDostIntake');
    expect(starts).toHaveLength(2);
    const keys = starts.map((c) => (c.variables.input as { idempotencyKey: string }).idempotencyKey);
    expect(keys[0]).toBe(keys[1]);
    expect(starts[0]?.variables.input).toEqual({ caseId: CASE, idempotencyKey: keys[0] });
  });

  it('lists the steps with their clocks, the overdue one and its escalation, and completes the open step', async () => {
    const user = userEvent.setup();
    const { client, calls } = fakeClient((c) =>
      c.name === 'DostIntake'
        ? { data: { dostIntake: intake } }
        : { error: gqlError({ code: 'CONFLICT', reason: 'STEP_NOT_OPEN' }) },
    );
    renderWith(<DostIntakePanel caseId={CASE} />, client);
    const table = await screen.findByRole('table', { name: 'Steps and their service standards' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(within(rows[0] as HTMLElement).getByRole('rowheader').textContent).toBe('Queue ticket');
    expect(rows[0]?.textContent).toContain('done ');
    expect(rows[0]?.textContent).not.toContain('Overdue');
    expect(rows[1]?.textContent).toContain('Overdue · due ');
    expect(within(rows[0] as HTMLElement).queryByRole('button')).toBeNull();
    expect(screen.getByText(/Front office: 1 hour · Front desk/)).toBeTruthy();

    await user.click(within(rows[1] as HTMLElement).getByRole('button', { name: 'Complete: Front desk' }));
    expect(calls.find((c) => c.name === 'CompleteIntakeStep')?.variables.input).toMatchObject({
      caseId: CASE,
      step: 'DESK',
    });
    expect((await screen.findByRole('alert')).textContent).toContain(
      'This cannot be done in the record’s current state.',
    );
  });
});
