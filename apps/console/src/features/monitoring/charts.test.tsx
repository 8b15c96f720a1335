import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeClient, renderWith } from '../../test/render';
import { Monitoring } from './Monitoring';

const riskStatistics = {
  from: '2026-11-07T00:00:00Z',
  to: '2026-12-07T00:00:00Z',
  assessments: 31,
  ordersIssued: null,
  ordersExpiring: 7,
  ordersBreached: null,
  assessmentsByLevel: [
    { key: 'HIGH', count: 12, suppressed: false },
    { key: 'MEDIUM', count: 19, suppressed: false },
    { key: 'LOW', count: null, suppressed: true },
  ],
  ordersIssuedByKind: [
    { key: 'SHORT_TERM', count: 6, suppressed: false },
    { key: 'LONG_TERM', count: null, suppressed: true },
  ],
};
const agencyPerformance = [
  { organisationId: 'o1', organisationName: 'SSA Baku', organisationType: 'SSA', received: 40 },
  { organisationId: 'o2', organisationName: 'Police Sumqayit', organisationType: 'POLICE', received: 10 },
].map((a) => ({
  ...a,
  accepted: 0,
  declined: 0,
  completed: 0,
  completedOnTime: 0,
  respondedOnTime: 0,
  expired: 0,
  escalated: 0,
  overdueNow: 0,
  pending: 0,
  withdrawn: 0,
  medianResponseMinutes: null,
}));

const render = (language: 'en' | 'az' | 'ru' = 'en') => {
  const { client } = fakeClient((c) =>
    c.name === 'RiskStatistics'
      ? { data: { riskStatistics } }
      : c.name === 'AgencyPerformance'
        ? { data: { agencyPerformance } }
        : 'pending',
  );
  return renderWith(<Monitoring />, client, language);
};
const bars = (chart: HTMLElement) =>
  Array.from(chart.querySelectorAll('[data-testid="chart-bar"]')).map((g) => [
    g.getAttribute('data-value'),
    g.querySelector('rect')?.getAttribute('class'),
    Number(g.querySelector('rect')?.getAttribute('width')),
  ]);

describe('Monitoring charts', () => {
  it('draws each risk figure as a named chart beside its table, a withheld cell as withheld and never as a zero bar', async () => {
    render();
    const chart = await screen.findByRole('img', { name: 'Assessments by resulting level' });
    expect(chart.getAttribute('aria-describedby')).toBeTruthy();
    expect(bars(chart)).toEqual([
      ['12', 'chart-bar', (12 / 19) * 220],
      ['19', 'chart-bar', 220],
      ['withheld', 'chart-withheld', 220],
    ]);
    expect(chart.textContent).toContain('Too few to show');
    // The table equivalent has the same figures.
    const table = screen.getByRole('table', { name: 'Assessments by resulting level' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual(['High12', 'Medium19', 'LowToo few to show']);
    const kinds = screen.getByRole('img', { name: 'Orders issued by kind' });
    expect(bars(kinds).map((b) => b[0])).toEqual(['6', 'withheld']);
    const totals = screen.getByText(/Risk assessments:/).textContent ?? '';
    expect(totals).toContain('Protection orders issued: Too few to show');
    expect(totals).toContain('Orders expiring: 7');
  });

  it('charts the referrals each organisation received, in the UI language', async () => {
    render('ru');
    const chart = await screen.findByRole('img', { name: 'Полученные направления по организациям' });
    expect(chart.textContent).toContain('SSA Baku');
    expect(bars(chart).map((b) => [b[0], b[2]])).toEqual([
      ['40', 220],
      ['10', 55],
    ]);
    expect(screen.getByRole('img', { name: 'Оценки по итоговому уровню' }).textContent).toContain(
      'Слишком мало для показа',
    );
  });
});
