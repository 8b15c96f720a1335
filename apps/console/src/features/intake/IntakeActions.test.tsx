import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { fakeClient, renderWith, type Call } from '../../test/render';
import { DostIntakePanel } from './DostIntakePanel';

const CASE = '44444444-4444-4444-8444-444444444444';
const gqlError = (extensions: Record<string, unknown>) =>
  new CombinedError({ graphQLErrors: [new GraphQLError('x', { extensions })] });
const step = (name: string, status: string) => ({
  step: name,
  status,
  openedAt: '2026-12-07T08:00:00Z',
  dueAt: '2026-12-07T09:00:00Z',
  overdue: false,
  completedAt: status === 'DONE' ? '2026-12-07T08:30:00Z' : null,
});
const intake = (over: Record<string, unknown>) => ({
  caseId: CASE,
  phase: 'INTERVIEW',
  startedAt: '2026-12-07T08:00:00Z',
  completedAt: null,
  steps: [step('QUEUE_TICKET', 'DONE'), step('DESK', 'DONE'), step('INTERVIEW', 'OPEN')],
  escalations: [],
  assessment: null,
  policeNotification: { mode: null, notifiedAt: null, awaitingCountersign: false },
  ssaApplication: { status: 'UNDECIDED' },
  ...over,
});
const answering =
  (value: unknown, mutation: (c: Call) => { data?: unknown; error?: CombinedError }) => (c: Call) =>
    c.name === 'DostIntake' ? { data: { dostIntake: value } } : mutation(c);

describe('DOST intake: interview, police notification, countersign', () => {
  it('completes the interview with the needs assessment, after saying what is missing', async () => {
    const user = userEvent.setup();
    const { client, calls } = fakeClient(
      answering(intake({}), () => ({
        data: { completeIntakeStep: { caseId: CASE, phase: 'POLICE_NOTIFICATION' } },
      })),
    );
    renderWith(<DostIntakePanel caseId={CASE} />, client);
    const form = await screen.findByRole('form', { name: 'Interview: needs and risk' });
    expect(screen.getByText('Not decided yet (after the interview)')).toBeTruthy();
    await user.click(within(form).getByRole('button', { name: 'Complete the interview' }));
    const summary = await within(form).findByRole('alert');
    expect(within(summary).getAllByRole('link')).toHaveLength(2);
    expect(calls.some((c) => c.name === 'CompleteIntakeStep')).toBe(false);

    await user.selectOptions(
      within(form).getByRole('combobox', { name: 'Risk level found at the interview' }),
      'High',
    );
    await user.click(within(form).getByRole('radio', { name: 'Yes' }));
    await user.click(within(form).getByRole('button', { name: 'Complete the interview' }));
    expect(calls.find((c) => c.name === 'CompleteIntakeStep')?.variables.input).toMatchObject({
      caseId: CASE,
      step: 'INTERVIEW',
      assessment: { riskLevel: 'HIGH', needsShelter: true },
    });
  });

  it('informs the police on a legal basis with its justification, and explains a missing consent for FULL', async () => {
    const user = userEvent.setup();
    const policeOpen = intake({
      phase: 'POLICE_NOTIFICATION',
      steps: [step('INTERVIEW', 'DONE'), step('POLICE_NOTIFICATION', 'OPEN')],
      assessment: { riskLevel: 'HIGH', needsShelter: false },
    });
    let attempt = 0;
    const { client, calls } = fakeClient(
      answering(policeOpen, () => {
        attempt += 1;
        return attempt === 1
          ? { error: gqlError({ code: 'FORBIDDEN', reason: 'CONSENT_REQUIRED' }) }
          : { data: { notifyPolice: { caseId: CASE, phase: 'POLICE_NOTIFICATION' } } };
      }),
    );
    renderWith(<DostIntakePanel caseId={CASE} />, client, 'ru');
    expect(await screen.findByText('Риск: Высокий · нужен приют: Нет')).toBeTruthy();
    const form = screen.getByRole('form', { name: 'Сообщить в полицию' });
    await user.click(within(form).getByRole('radio', { name: 'С её согласия' }));
    await user.click(within(form).getByRole('button', { name: 'Сообщить в полицию' }));
    expect((await within(form).findByRole('alert')).textContent).toMatch(/согласи/i);

    await user.click(within(form).getByRole('radio', { name: 'На правовом основании' }));
    await user.selectOptions(
      within(form).getByRole('combobox', { name: 'Правовое основание' }),
      'RISK_TO_LIFE',
    );
    await user.type(
      within(form).getByRole('textbox', { name: 'Обоснование' }),
      'Threats to kill, weapon at home',
    );
    await user.click(within(form).getByRole('button', { name: 'Сообщить в полицию' }));
    const sent = calls
      .filter((c) => c.name === 'NotifyPolice')
      .map((c) => c.variables.input as Record<string, unknown>);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatchObject({ caseId: CASE, mode: 'FULL' });
    expect(sent[0]).not.toHaveProperty('legalOverride');
    expect(sent[1]).toMatchObject({
      caseId: CASE,
      mode: 'LEGAL_OVERRIDE',
      legalOverride: { basis: 'RISK_TO_LIFE', justification: 'Threats to kill, weapon at home' },
    });
  });

  it('offers the countersignature while it is awaited and says plainly who may give it', async () => {
    const user = userEvent.setup();
    const awaiting = intake({
      phase: 'POLICE_NOTIFICATION',
      steps: [step('POLICE_NOTIFICATION', 'OPEN')],
      policeNotification: { mode: 'LEGAL_OVERRIDE', notifiedAt: null, awaitingCountersign: true },
    });
    const { client, calls } = fakeClient(
      answering(awaiting, () => ({ error: gqlError({ code: 'FORBIDDEN' }) })),
    );
    renderWith(<DostIntakePanel caseId={CASE} />, client);
    await user.click(await screen.findByRole('button', { name: 'Countersign the legal basis' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Only a supervisor of this centre who did not ask for it may countersign.',
    );
    expect(screen.queryByRole('form', { name: 'Inform the police' })).toBeNull();
    expect(calls.find((c) => c.name === 'CountersignIntakeLegalOverride')?.variables.input).toMatchObject({
      caseId: CASE,
    });
  });
});
