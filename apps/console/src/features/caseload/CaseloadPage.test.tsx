import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../app/router';
import { fakeClient, renderWith, type Call } from '../../test/render';
import { CaseloadPage } from './CaseloadPage';

const CASE_A = '44444444-4444-4444-8444-000000000001';
const CASE_B = '44444444-4444-4444-8444-000000000002';
const CASE_C = '44444444-4444-4444-8444-000000000003';
const edge = (caseId: string, caseCode: string) => ({
  cursor: `c-${caseCode}`,
  node: { caseId, caseCode, status: 'OPEN', riskLevel: 'HIGH', openedAt: '2026-03-01T09:00:00Z' },
});
const pages: Record<string, { edges: ReturnType<typeof edge>[]; pageInfo: object }> = {
  'MINE:': {
    edges: [edge(CASE_A, 'NRM-AAAA0001'), edge(CASE_B, 'NRM-BBBB0002')],
    pageInfo: { endCursor: 'c-NRM-BBBB0002', hasNextPage: true },
  },
  'MINE:c-NRM-BBBB0002': {
    edges: [edge(CASE_C, 'NRM-CCCC0003')],
    pageInfo: { endCursor: 'c-NRM-CCCC0003', hasNextPage: false },
  },
  'MY_TEAM:': { edges: [], pageInfo: { endCursor: null, hasNextPage: false } },
};
const answer = (c: Call) => {
  const v = c.variables as { assignment: string; after: string | null };
  return { data: { caseload: pages[`${v.assignment}:${v.after ?? ''}`] } };
};
const codes = (): string[] =>
  screen.queryAllByTestId('caseload-row').map((r) => r.querySelector('a')?.textContent ?? '');

describe('Caseload', () => {
  it('lists my cases a page at a time, each linking to its case page, and switches to my team', async () => {
    const user = userEvent.setup();
    const { client, calls } = fakeClient(answer);
    renderWith(<CaseloadPage />, client);
    await screen.findAllByTestId('caseload-row');
    expect(codes()).toEqual(['NRM-AAAA0001', 'NRM-BBBB0002']);
    const link = screen.getByRole('link', { name: 'NRM-AAAA0001' });
    expect(matchRoute(link.getAttribute('href') ?? '')).toEqual({ name: 'case', caseId: CASE_A });
    expect(calls[0]?.variables).toEqual({ assignment: 'MINE', first: 20, after: null });

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByRole('link', { name: 'NRM-CCCC0003' });
    expect(calls.at(-1)?.variables).toEqual({ assignment: 'MINE', first: 20, after: 'c-NRM-BBBB0002' });
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Next page' }).disabled).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Previous page' }));
    await screen.findByRole('link', { name: 'NRM-AAAA0001' });

    await user.selectOptions(screen.getByRole('combobox', { name: 'Whose cases' }), 'My team');
    expect(calls.at(-1)?.variables).toEqual({ assignment: 'MY_TEAM', first: 20, after: null });
    expect(
      (await screen.findByText('No cases here: nobody has assigned you (or your team) to a case yet.'))
        .textContent,
    ).toBeTruthy();
  });

  it('shows a refusal plainly, in Russian too', async () => {
    const { client } = fakeClient(() => ({
      error: new CombinedError({
        graphQLErrors: [new GraphQLError('x', { extensions: { code: 'FORBIDDEN' } })],
      }),
    }));
    renderWith(<CaseloadPage />, client, 'ru');
    expect((await screen.findByRole('alert')).textContent).toBe('У вас нет права на это действие.Повторить');
    expect(screen.getByRole('heading', { name: 'Мои дела' })).toBeTruthy();
  });
});
