import { useMemo, useState } from 'react';
import { useQuery } from 'urql';
import type { CaseStatus, RiskLevel } from '../../gql/graphql';
import { FailureNotice } from '../../components/forms';
import { Checkbox, Section, SelectField } from '../../components/inputs';
import { Page } from '../../components/Page';
import { useI18n } from '../../i18n/i18n';
import { RISK_LEVELS } from '../../lib/enums';
import { toFailure } from '../../lib/graphql-errors';
import { BarChart } from './BarChart';
import {
  AgencyPerformanceQuery,
  ContactStatisticsQuery,
  RegionCasesQuery,
  RiskStatisticsQuery,
} from './monitoring.operations';

const STATUSES: readonly CaseStatus[] = ['OPEN', 'CLOSURE_REQUESTED', 'CLOSED'];

/** A statistics cell: a suppressed small cell says so, never shows as zero. */
export function CellValue({ cell }: { cell: { count?: number | null; suppressed: boolean } }) {
  const { t, number } = useI18n();
  if (cell.suppressed || cell.count === null || cell.count === undefined) {
    return <span className="suppressed">{t('monitoring.suppressed')}</span>;
  }
  return <>{number(cell.count)}</>;
}

function StatTable({
  title,
  enumName,
  cells,
}: {
  title: string;
  enumName: string;
  cells: readonly { key: string; count?: number | null; suppressed: boolean }[];
}) {
  const { t, tEnum } = useI18n();
  return (
    <div>
      <BarChart
        title={title}
        bars={cells.map((c) => ({
          key: c.key,
          label: tEnum(enumName, c.key),
          value: c.suppressed || c.count === null || c.count === undefined ? null : c.count,
        }))}
      />
      <table className="table table-compact">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t('monitoring.kind')}</th>
            <th scope="col" className="num">
              {t('monitoring.count')}
            </th>
          </tr>
        </thead>
        <tbody>
          {cells.map((c) => (
            <tr key={c.key}>
              <th scope="row">{tEnum(enumName, c.key)}</th>
              <td className="num">
                <CellValue cell={c} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Monitoring() {
  const { t, tEnum, number, date } = useI18n();
  const [risk, setRisk] = useState<RiskLevel | ''>('');
  const [status, setStatus] = useState<CaseStatus | ''>('');
  const [attention, setAttention] = useState(false);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const variables = useMemo(
    () => ({
      first: 25,
      after: cursors[cursors.length - 1] ?? null,
      filter: {
        riskLevel: risk || undefined,
        status: status || undefined,
        needsAttention: attention || undefined,
      },
    }),
    [cursors, risk, status, attention],
  );
  const [cases, refetchCases] = useQuery({
    query: RegionCasesQuery,
    variables,
    requestPolicy: 'cache-and-network',
  });
  const [performance] = useQuery({ query: AgencyPerformanceQuery, variables: {} });
  const [stats] = useQuery({ query: ContactStatisticsQuery, variables: {} });
  const [riskStats] = useQuery({ query: RiskStatisticsQuery, variables: {} });
  const r = riskStats.data?.riskStatistics;
  const resetPaging = (): void => setCursors([null]);
  const pageInfo = cases.data?.regionCases.pageInfo;
  const s = stats.data?.contactStatistics;
  const nullable = (v: number | null | undefined) => ({
    count: v ?? null,
    suppressed: v === null || v === undefined,
  });

  return (
    <Page
      title={t('monitoring.title')}
      actions={
        <button
          type="button"
          className="button button-secondary"
          onClick={() => refetchCases({ requestPolicy: 'network-only' })}
        >
          {t('common.refresh')}
        </button>
      }
    >
      <Section title={t('monitoring.regionCases')}>
        <form
          className="filters form-inline"
          onSubmit={(e) => e.preventDefault()}
          aria-label={t('monitoring.regionCases')}
        >
          <SelectField
            id="monRisk"
            label={t('case.riskLevel')}
            value={risk}
            placeholder={t('common.any')}
            options={RISK_LEVELS.map((v) => ({ value: v, label: tEnum('RiskLevel', v) }))}
            onChange={(v) => {
              setRisk(v);
              resetPaging();
            }}
          />
          <SelectField
            id="monStatus"
            label={t('case.status')}
            value={status}
            placeholder={t('common.any')}
            options={STATUSES.map((v) => ({ value: v, label: tEnum('CaseStatus', v) }))}
            onChange={(v) => {
              setStatus(v);
              resetPaging();
            }}
          />
          <Checkbox
            id="monAttention"
            label={t('monitoring.needsAttention')}
            checked={attention}
            onChange={(v) => {
              setAttention(v);
              resetPaging();
            }}
          />
        </form>
        <FailureNotice failure={cases.error ? toFailure(cases.error) : null} />
        {cases.data ? (
          <p role="status">{t('monitoring.totalCases', { count: cases.data.regionCases.totalCount })}</p>
        ) : null}
        {cases.data && cases.data.regionCases.edges.length > 0 ? (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('case.caseCode')}</th>
                <th scope="col">{t('case.category')}</th>
                <th scope="col">{t('case.riskLevel')}</th>
                <th scope="col">{t('case.status')}</th>
                <th scope="col">{t('case.openedAt')}</th>
                <th scope="col" className="num">
                  {t('monitoring.openReferrals')}
                </th>
                <th scope="col" className="num">
                  {t('monitoring.overdueReferrals')}
                </th>
                <th scope="col" className="num">
                  {t('monitoring.escalatedReferrals')}
                </th>
              </tr>
            </thead>
            <tbody>
              {cases.data.regionCases.edges.map(({ node: c }) => (
                <tr key={c.caseId} data-testid="region-case">
                  <td>{c.caseCode}</td>
                  <td>{tEnum('CaseCategory', c.category)}</td>
                  <td>{tEnum('RiskLevel', c.riskLevel)}</td>
                  <td>{tEnum('CaseStatus', c.status)}</td>
                  <td>{date(c.openedAt)}</td>
                  <td className="num">{number(c.openReferrals)}</td>
                  <td className="num">{number(c.overdueReferrals)}</td>
                  <td className="num">{number(c.escalatedReferrals)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <nav className="pager" aria-label={t('common.paging')}>
          <button
            type="button"
            className="button button-secondary"
            disabled={cursors.length <= 1}
            onClick={() => setCursors((c) => c.slice(0, -1))}
          >
            {t('common.previousPage')}
          </button>
          <button
            type="button"
            className="button button-secondary"
            disabled={!pageInfo?.hasNextPage}
            onClick={() => {
              if (pageInfo?.endCursor) setCursors((c) => [...c, pageInfo.endCursor ?? null]);
            }}
          >
            {t('common.nextPage')}
          </button>
        </nav>
      </Section>

      <Section title={t('monitoring.agencyPerformance')}>
        <FailureNotice failure={performance.error ? toFailure(performance.error) : null} />
        {performance.data && performance.data.agencyPerformance.length > 0 ? (
          <BarChart
            title={t('charts.referralsReceived')}
            bars={performance.data.agencyPerformance.map((a) => ({
              key: a.organisationId,
              label: a.organisationName,
              value: a.received,
            }))}
          />
        ) : null}
        {performance.data ? (
          <div className="table-scroll">
            <table className="table table-compact">
              <thead>
                <tr>
                  <th scope="col">{t('monitoring.organisation')}</th>
                  <th scope="col" className="num">
                    {t('monitoring.received')}
                  </th>
                  <th scope="col" className="num">
                    {t('monitoring.accepted')}
                  </th>
                  <th scope="col" className="num">
                    {t('monitoring.declined')}
                  </th>
                  <th scope="col" className="num">
                    {t('monitoring.completed')}
                  </th>
                  <th scope="col" className="num">
                    {t('monitoring.respondedOnTime')}
                  </th>
                  <th scope="col" className="num">
                    {t('monitoring.expired')}
                  </th>
                  <th scope="col" className="num">
                    {t('monitoring.overdueNow')}
                  </th>
                  <th scope="col" className="num">
                    {t('monitoring.medianResponse')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {performance.data.agencyPerformance.map((a) => (
                  <tr key={a.organisationId}>
                    <th scope="row">
                      {a.organisationName} ({tEnum('OrganisationType', a.organisationType)})
                    </th>
                    <td className="num">{number(a.received)}</td>
                    <td className="num">{number(a.accepted)}</td>
                    <td className="num">{number(a.declined)}</td>
                    <td className="num">{number(a.completed)}</td>
                    <td className="num">{number(a.respondedOnTime)}</td>
                    <td className="num">{number(a.expired)}</td>
                    <td className="num">{number(a.overdueNow)}</td>
                    <td className="num">
                      {a.medianResponseMinutes === null || a.medianResponseMinutes === undefined
                        ? t('common.none')
                        : t('monitoring.minutes', { count: Math.round(a.medianResponseMinutes) })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </Section>

      <Section title={t('monitoring.contactStatistics')}>
        <FailureNotice failure={stats.error ? toFailure(stats.error) : null} />
        {s ? (
          <>
            <p>
              {t('monitoring.period', { from: date(s.from), to: date(s.to) })} · {t('monitoring.total')}:{' '}
              <CellValue cell={nullable(s.total)} /> · {t('monitoring.anonymous')}:{' '}
              <CellValue cell={nullable(s.anonymous)} />
            </p>
            <div className="stat-grid">
              <StatTable title={t('monitoring.byCategory')} enumName="CaseCategory" cells={s.byCategory} />
              <StatTable title={t('monitoring.byChannel')} enumName="ContactChannel" cells={s.byChannel} />
              <StatTable title={t('monitoring.byCaller')} enumName="CallerType" cells={s.byCallerType} />
              <StatTable title={t('monitoring.byAge')} enumName="ChildAgeBand" cells={s.byChildAgeBand} />
            </div>
          </>
        ) : null}
      </Section>

      <Section title={t('charts.riskStatistics')}>
        <FailureNotice failure={riskStats.error ? toFailure(riskStats.error) : null} />
        {r ? (
          <>
            <p>
              {t('monitoring.period', { from: date(r.from), to: date(r.to) })} · {t('charts.assessments')}:{' '}
              <CellValue cell={nullable(r.assessments)} /> · {t('charts.ordersIssued')}:{' '}
              <CellValue cell={nullable(r.ordersIssued)} /> · {t('charts.ordersExpiring')}:{' '}
              <CellValue cell={nullable(r.ordersExpiring)} /> · {t('charts.ordersBreached')}:{' '}
              <CellValue cell={nullable(r.ordersBreached)} />
            </p>
            <div className="stat-grid">
              <StatTable title={t('charts.byLevel')} enumName="RiskLevel" cells={r.assessmentsByLevel} />
              <StatTable
                title={t('charts.byKind')}
                enumName="ProtectionOrderKind"
                cells={r.ordersIssuedByKind}
              />
            </div>
          </>
        ) : null}
      </Section>
    </Page>
  );
}
