import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeClient, renderWith } from '../../test/render';
import { Monitoring } from './Monitoring';

const stats = {
  contactStatistics: {
    from: '2026-02-01T00:00:00Z',
    to: '2026-03-01T00:00:00Z',
    total: 120,
    anonymous: null,
    byCategory: [
      { key: 'DOMESTIC_VIOLENCE', count: 100, suppressed: false },
      { key: 'SUICIDAL', count: null, suppressed: true },
    ],
    byChannel: [],
    byCallerType: [],
    byChildAgeBand: [],
  },
};
const cases = {
  regionCases: {
    totalCount: 1,
    edges: [
      {
        node: {
          caseId: 'a',
          caseCode: 'NRM-AAAA1111',
          category: 'DOMESTIC_VIOLENCE',
          riskLevel: 'HIGH',
          status: 'OPEN',
          openedAt: '2026-02-03T10:00:00Z',
          openReferrals: 1,
          overdueReferrals: 0,
          escalatedReferrals: 0,
        },
      },
    ],
    pageInfo: { endCursor: null, hasNextPage: false },
  },
};

describe('Monitoring', () => {
  it.each(['en', 'az', 'ru'] as const)(
    'shows suppressed cells as suppressed, never as zero (%s)',
    async (language) => {
      const { client } = fakeClient((c) =>
        c.name === 'ContactStatistics'
          ? { data: stats }
          : c.name === 'RegionCases'
            ? { data: cases }
            : c.name === 'AgencyPerformance'
              ? { data: { agencyPerformance: [] } }
              : 'pending',
      );
      renderWith(<Monitoring />, client, language);
      const byReason = { en: 'By reason', az: 'Səbəbə görə', ru: 'По причине' }[language];
      const table = await screen.findByRole('table', { name: byReason });
      const rows = within(table).getAllByRole('row');
      const suppressedText = {
        en: 'Too few to show',
        az: 'Göstərmək üçün çox azdır',
        ru: 'Слишком мало для показа',
      }[language];
      expect(rows[2]!.textContent).toContain(suppressedText);
      expect(rows[2]!.textContent).not.toMatch(/\d/);
      expect(rows[1]!.textContent).toContain('100');
      expect(document.body.textContent).not.toMatch(/\b(monitoring|common|enum|case)\.[A-Za-z]/);
      // De-identified: a case code, never a name.
      expect(screen.getByTestId('region-case').textContent).toContain('NRM-AAAA1111');
    },
  );
});
