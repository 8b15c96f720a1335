import { useId, useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { type CaseloadAssignment } from '../../gql/graphql';
import { FailureNotice } from '../../components/forms';
import { Page } from '../../components/Page';
import { Link } from '../../app/router';
import { useI18n } from '../../i18n/i18n';
import { toFailure } from '../../lib/graphql-errors';
import { CaseloadQuery } from './caseload.operations';

const PAGE_SIZE = 20;
export const CASELOAD_ASSIGNMENTS: readonly CaseloadAssignment[] = ['MINE', 'MY_TEAM'];

/** The cases you (or you and the staff you supervise) work on, newest first, a page at a time (keyset cursors). */
export function CaseloadPage() {
  const { t, tEnum, dateTime } = useI18n();
  const assignmentId = useId();
  const [assignment, setAssignment] = useState<CaseloadAssignment>('MINE');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const variables = useMemo(() => ({ assignment, first: PAGE_SIZE, after }), [assignment, after]);
  const [result, reexecute] = useQuery({
    query: CaseloadQuery,
    variables,
    requestPolicy: 'cache-and-network',
  });
  const failure = result.error ? toFailure(result.error) : null;
  const edges = result.data?.caseload.edges ?? [];
  const pageInfo = result.data?.caseload.pageInfo;
  const refresh = (): void => reexecute({ requestPolicy: 'network-only' });

  return (
    <Page
      title={t('caseload.title')}
      actions={
        <button type="button" className="button button-secondary" onClick={refresh}>
          {t('common.refresh')}
        </button>
      }
    >
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('caseload.filters')}>
        <div className="field">
          <label htmlFor={assignmentId}>{t('caseload.whose')}</label>
          <select
            id={assignmentId}
            value={assignment}
            onChange={(e) => {
              setAssignment(e.target.value as CaseloadAssignment);
              setCursors([null]);
            }}
          >
            {CASELOAD_ASSIGNMENTS.map((a) => (
              <option key={a} value={a}>
                {tEnum('CaseloadAssignment', a)}
              </option>
            ))}
          </select>
        </div>
      </form>
      <FailureNotice failure={failure} onRetry={refresh} />
      <p className="visually-hidden" role="status">
        {result.fetching ? t('common.loading') : t('caseload.count', { count: edges.length })}
      </p>
      {result.data && edges.length === 0 ? <p className="empty">{t('caseload.empty')}</p> : null}
      {edges.length > 0 ? (
        <table className="table">
          <caption className="visually-hidden">{t('caseload.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('case.caseCode')}</th>
              <th scope="col">{t('case.status')}</th>
              <th scope="col">{t('case.riskLevel')}</th>
              <th scope="col">{t('case.openedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {edges.map(({ node }) => (
              <tr key={node.caseId} data-testid="caseload-row">
                <td>
                  <Link to={{ name: 'case', caseId: node.caseId }}>{node.caseCode}</Link>
                </td>
                <td>{tEnum('CaseStatus', node.status)}</td>
                <td>{tEnum('RiskLevel', node.riskLevel)}</td>
                <td>{dateTime(node.openedAt)}</td>
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
    </Page>
  );
}
