import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { fakeClient, renderWith, type Call } from '../../test/render';
import { RiskPanel } from './RiskPanel';

const CASE = '44444444-4444-4444-8444-444444444444';
const ORG = '55555555-5555-4555-8555-555555555555';
const STAFF = '66666666-6666-4666-8666-666666666666';
const gqlError = (extensions: Record<string, unknown>) =>
  new CombinedError({ graphQLErrors: [new GraphQLError('x', { extensions })] });

const labels = (en: string, az: string, ru: string) => ({ en, az, ru });
const instrument = {
  version: 'DASH-AZ-1',
  items: [
    {
      id: 'PRIOR_STRANGULATION',
      type: 'YES_NO',
      weight: 3,
      redFlagAt: 1,
      labels: labels(
        'Has he ever tried to strangle you?',
        'O sizi heç boğmağa cəhd edibmi?',
        'Пытался ли он вас душить?',
      ),
      options: [],
    },
    {
      id: 'FEAR',
      type: 'SCALE',
      weight: 0,
      redFlagAt: null,
      labels: labels('How afraid are you?', 'Nə qədər qorxursunuz?', 'Насколько вы боитесь?'),
      options: [
        { value: 0, weight: 0, labels: labels('Not afraid', 'Qorxmuram', 'Не боюсь') },
        { value: 2, weight: 2, labels: labels('Very afraid', 'Çox qorxuram', 'Очень боюсь') },
      ],
    },
  ],
  thresholds: [],
};
const assessment = {
  id: 'a1',
  assessedAt: '2026-12-01T10:00:00Z',
  assessorId: STAFF,
  organisationId: ORG,
  source: 'INSTRUMENT',
  instrumentVersion: 'DASH-AZ-1',
  level: 'HIGH',
  previousLevel: 'LOW',
  score: 9,
  redFlags: ['PRIOR_STRANGULATION'],
  answers: [
    { item: 'PRIOR_STRANGULATION', value: 1 },
    { item: 'FEAR', value: 2 },
  ],
  conference: { id: 'c1', requestedAt: '2026-12-01T10:00:00Z', outcome: null, outcomeRecordedAt: null },
};

const reads = (assess: (c: Call) => { data?: unknown; error?: CombinedError }, history: unknown[] = [assessment]) => (c: Call) => {
  switch (c.name) {
    case 'RiskInstrument':
      return { data: { riskInstrument: instrument } };
    case 'RiskAssessments':
      return { data: { riskAssessments: history } };
    case 'StaffNames':
      return { data: { staffMembers: [{ id: STAFF, displayName: 'Aygün Məmmədova' }] } };
    default:
      return assess(c);
  }
};

const panel = (owner = true) => (
  <RiskPanel
    caseId={CASE}
    owner={owner}
    owningOrganisationId={ORG}
    status="OPEN"
    organisationName={() => 'DOST Baku'}
    onChanged={() => undefined}
  />
);

describe('Risk panel', () => {
  it('shows the level prominently and the history with its assessor, and the answers in the UI language', async () => {
    const user = userEvent.setup();
    const { client } = fakeClient(reads(() => ({ error: gqlError({ code: 'INTERNAL' }) })));
    renderWith(panel(), client, 'ru');
    expect((await screen.findByText(/Текущий уровень риска/)).textContent).toBe(
      'Текущий уровень риска: Высокий',
    );
    expect(screen.getByText('Высокий уровень из-за: Пытался ли он вас душить?')).toBeTruthy();
    const table = screen.getByRole('table', { name: 'Оценки, сначала новые' });
    const row = within(table).getAllByRole('row')[1] as HTMLElement;
    expect(row.textContent).toContain('Низкий → Высокий');
    expect(row.textContent).toContain('DASH-AZ-1');
    expect(row.textContent).toContain('Aygün Məmmədova');
    expect(row.textContent).toContain('Запрошена, итог ещё не записан');
    expect(screen.getByText('Очень боюсь', { selector: 'dd' })).toBeTruthy();
    // The new-assessment form opens on request and asks the instrument's questions in Russian.
    const open = screen.getByRole('button', { name: 'Оценить риск' });
    expect(open.getAttribute('aria-expanded')).toBe('false');
    await user.click(open);
    expect(open.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('group', { name: 'Пытался ли он вас душить?' })).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Насколько вы боитесь?' })).toBeTruthy();
  });

  it('shows a DOST interview assessment as such: a level, no score and no instrument version', async () => {
    const interview = {
      ...assessment,
      id: 'a3',
      source: 'DOST_INTERVIEW',
      instrumentVersion: null,
      score: null,
      redFlags: [],
      answers: [],
      conference: null,
    };
    const { client } = fakeClient(reads(() => ({ error: gqlError({ code: 'INTERNAL' }) }), [interview]));
    renderWith(panel(), client, 'en');
    const table = await screen.findByRole('table', { name: 'Assessments, newest first' });
    const row = within(table).getAllByRole('row')[1] as HTMLElement;
    expect(row.textContent).toContain('DOST interview (level only)');
    expect(row.textContent).not.toContain('null');
  });

  it('asks for the answers only as the owner, and offers no form to a recipient', async () => {
    const { client, calls } = fakeClient(reads(() => ({ error: gqlError({ code: 'INTERNAL' }) })));
    renderWith(panel(false), client);
    await screen.findByText('Current risk level: High');
    expect(calls.find((c) => c.name === 'RiskAssessments')?.variables).toEqual({
      caseId: CASE,
      withAnswers: false,
    });
    expect(calls.some((c) => c.name === 'StaffNames')).toBe(false);
    expect(screen.queryByRole('button', { name: 'Assess the risk' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save the assessment' })).toBeNull();
    expect(screen.getByRole('table').textContent).toContain('A staff member of DOST Baku');
  });

  it('sends only the answered items, shows a refused answer beside its question, and retries with the same key', async () => {
    const user = userEvent.setup();
    let attempts = 0;
    const { client, calls } = fakeClient(
      reads(() => {
        attempts += 1;
        return attempts === 1
          ? {
              error: gqlError({
                code: 'BAD_USER_INPUT',
                fields: [{ path: 'input.answers.1.value', message: 'must be one of 0, 2' }],
              }),
            }
          : { data: { assessRisk: { id: 'a2', level: 'HIGH', score: 11, redFlags: [] } } };
      }),
    );
    renderWith(panel(), client);
    await user.click(await screen.findByRole('button', { name: 'Assess the risk' }));
    await user.click(screen.getByRole('radio', { name: 'Yes' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'How afraid are you?' }), 'Very afraid');
    await user.click(screen.getByRole('button', { name: 'Save the assessment' }));
    const summary = await screen.findByRole('alert');
    expect(within(summary).getByRole('link', { name: 'Check “How afraid are you?”' })).toBeTruthy();
    const select = screen.getByRole('combobox', { name: 'How afraid are you?' });
    expect(select.getAttribute('aria-invalid')).toBe('true');
    // The form keeps what was entered.
    expect((select as HTMLSelectElement).value).toBe('2');
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'Yes' }).checked).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Save the assessment' }));
    await screen.findByText('The assessment was saved; the level above is the new one.');
    const sent = calls
      .filter((c) => c.name === 'AssessRisk')
      .map((c) => c.variables.input as Record<string, unknown>);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toEqual({
      caseId: CASE,
      idempotencyKey: sent[1]?.idempotencyKey,
      answers: [
        { item: 'PRIOR_STRANGULATION', value: 1 },
        { item: 'FEAR', value: 2 },
      ],
    });
  });

  it('says plainly when the API refuses the assessment, and shows nothing when the case’s risk is not for this person', async () => {
    const user = userEvent.setup();
    const { client } = fakeClient(reads(() => ({ error: gqlError({ code: 'FORBIDDEN' }) })));
    renderWith(panel(), client);
    await user.click(await screen.findByRole('button', { name: 'Assess the risk' }));
    await user.click(screen.getByRole('button', { name: 'Save the assessment' }));
    expect((await screen.findByRole('alert')).textContent).toContain('You are not allowed to do this.');

    const hidden = fakeClient(() => ({ error: gqlError({ code: 'NOT_FOUND' }) }));
    const { container } = renderWith(panel(false), hidden.client);
    await vi.waitFor(() => expect(hidden.calls.some((c) => c.name === 'RiskAssessments')).toBe(true));
    expect(container.textContent).toBe('');
  });

  it('before any assessment, shows the level recorded for the case and says it was not assessed with the instrument', async () => {
    const { client } = fakeClient((c) =>
      c.name === 'RiskAssessments'
        ? { data: { riskAssessments: [] } }
        : c.name === 'RiskInstrument'
          ? { data: { riskInstrument: instrument } }
          : { error: gqlError({ code: 'FORBIDDEN' }) },
    );
    renderWith(
      <RiskPanel
        caseId={CASE}
        owner
        owningOrganisationId={ORG}
        status="OPEN"
        caseRiskLevel="MEDIUM"
        organisationName={() => 'DOST Baku'}
        onChanged={() => undefined}
      />,
      client,
      'az',
    );
    expect(
      await screen.findByText('Risk səviyyəsi: Orta (iş üçün qeyd olunub; alətlə hələ qiymətləndirilməyib)'),
    ).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });
});
