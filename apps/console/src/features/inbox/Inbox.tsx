import { useEffect, useId, useMemo, useState } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { type InboxAssignment, type TaskType } from '../../gql/graphql';
import { FailureNotice } from '../../components/forms';
import { Page } from '../../components/Page';
import { type Me } from '../../app/navigation';
import { Link } from '../../app/router';
import { useI18n } from '../../i18n/i18n';
import { toFailure } from '../../lib/graphql-errors';
import { RiskConferenceOutcomeForm } from '../risk/RiskConferenceOutcomeForm';
import { useNow } from '../../lib/use-now';
import {
  ASSIGNMENTS,
  CLOSABLE_TASKS,
  toInboxFilter,
  type DueWindow,
  type InboxFilterState,
} from './inbox-filter';
import { CompleteTaskMutation, InboxQuery, InboxTaskAddedSubscription } from './inbox.operations';
import { AssignableStaffQuery } from '../cases/case.operations';
import { TaskAssignment } from './TaskAssignment';

const PAGE_SIZE = 20;
const TASK_TYPES: readonly TaskType[] = [
  'REFERRAL_RESPONSE',
  'REFERRAL_SERVICE',
  'LEGAL_OVERRIDE_COUNTERSIGN',
  'CLOSURE_APPROVAL',
  'INTAKE_STEP',
  'FOLLOW_UP',
  'REROUTE',
  'ESCALATION',
  'MONITORING_ALERT',
  'BREAK_GLASS_REVIEW',
  'RISK_CONFERENCE',
  'RISK_REASSESSMENT',
  'PROTECTION_ORDER_ALERT',
];
const DUE_WINDOWS: readonly DueWindow[] = ['any', 'overdue', 'day', 'week'];
/**
 * A new task shows without a reload: the API announces it live (inboxTaskAdded) and the inbox asks again; it also asks
 * again on its own now and then, should the live connection be down.
 */
const POLL_MS = 30_000;

export function Inbox({ me, onRefused }: { me: Me; onRefused: () => void }) {
  const { t, tEnum, dateTime, timeLeft } = useI18n();
  const now = useNow();
  const typeId = useId();
  const dueId = useId();
  const assignmentId = useId();
  const [filter, setFilter] = useState<InboxFilterState>({ type: '', due: 'any', assignment: 'ALL' });
  const [filterTime, setFilterTime] = useState(() => new Date());
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const variables = useMemo(
    () => ({ first: PAGE_SIZE, after, filter: toInboxFilter(filter, filterTime) }),
    [after, filter, filterTime],
  );
  const [result, reexecute] = useQuery({ query: InboxQuery, variables, requestPolicy: 'cache-and-network' });
  const [completion, completeTask] = useMutation(CompleteTaskMutation);
  // Supervisors give tasks to members of their organisation (a convenience: the API decides who may assign).
  const supervisor = me.roles.includes('SUPERVISOR');
  const [staff] = useQuery({
    query: AssignableStaffQuery,
    variables: { organisationId: me.organisation.id },
    pause: !supervisor,
  });
  const members = useMemo(
    () => (supervisor && staff.data ? staff.data.staffMembers.filter((s) => s.active) : null),
    [supervisor, staff.data],
  );
  const [recorded, setRecorded] = useState(false);

  const refresh = (): void => {
    setFilterTime(new Date());
    reexecute({ requestPolicy: 'network-only' });
  };
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') reexecute({ requestPolicy: 'network-only' });
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [reexecute]);

  const [live] = useSubscription({ query: InboxTaskAddedSubscription });
  const announced = live.data?.inboxTaskAdded.id;
  useEffect(() => {
    if (announced) reexecute({ requestPolicy: 'network-only' });
  }, [announced, reexecute]);

  const failure = result.error ? toFailure(result.error) : null;
  useEffect(() => {
    if (failure?.kind === 'unauthenticated') onRefused();
  }, [failure?.kind, onRefused]);

  const update = (next: Partial<InboxFilterState>): void => {
    setFilter((f) => ({ ...f, ...next }));
    setFilterTime(new Date());
    setCursors([null]);
  };
  const edges = result.data?.inbox.edges ?? [];
  const pageInfo = result.data?.inbox.pageInfo;

  return (
    <Page
      title={t('inbox.title')}
      actions={
        <button type="button" className="button button-secondary" onClick={refresh}>
          {t('inbox.refresh')}
        </button>
      }
    >
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('inbox.filters')}>
        <div className="field">
          <label htmlFor={typeId}>{t('inbox.filterType')}</label>
          <select
            id={typeId}
            value={filter.type}
            onChange={(e) => update({ type: e.target.value as TaskType | '' })}
          >
            <option value="">{t('inbox.allTypes')}</option>
            {TASK_TYPES.map((type) => (
              <option key={type} value={type}>
                {tEnum('TaskType', type)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={dueId}>{t('inbox.filterDue')}</label>
          <select
            id={dueId}
            value={filter.due}
            onChange={(e) => update({ due: e.target.value as DueWindow })}
          >
            {DUE_WINDOWS.map((w) => (
              <option key={w} value={w}>
                {t(`inbox.due.${w}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={assignmentId}>{t('assignment.filter')}</label>
          <select
            id={assignmentId}
            value={filter.assignment}
            onChange={(e) => update({ assignment: e.target.value as InboxAssignment })}
          >
            {ASSIGNMENTS.map((a) => (
              <option key={a} value={a}>
                {tEnum('InboxAssignment', a)}
              </option>
            ))}
          </select>
        </div>
      </form>

      {failure?.kind === 'forbidden' ? (
        <div className="notice" role="alert">
          <h2>{t('auth.noRoleTitle')}</h2>
          <p>{t('auth.noRoleBody')}</p>
        </div>
      ) : (
        <FailureNotice failure={failure} onRetry={refresh} />
      )}
      <FailureNotice failure={completion.error ? toFailure(completion.error) : null} />
      {recorded ? (
        <p className="notice notice-success" role="status">
          {t('risk.outcomeRecorded')}
        </p>
      ) : null}

      <p className="visually-hidden" role="status">
        {result.fetching ? t('common.loading') : t('inbox.count', { count: edges.length })}
      </p>
      {result.data && edges.length === 0 ? <p className="empty">{t('inbox.empty')}</p> : null}
      {edges.length > 0 ? (
        <table className="table" aria-describedby={undefined}>
          <caption className="visually-hidden">{t('inbox.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('inbox.colTask')}</th>
              <th scope="col">{t('inbox.colCase')}</th>
              <th scope="col">{t('inbox.colDue')}</th>
              <th scope="col">{t('inbox.colTimeLeft')}</th>
              <th scope="col">{t('assignment.column')}</th>
              <th scope="col">{t('inbox.colAction')}</th>
            </tr>
          </thead>
          <tbody>
            {edges.map(({ node: task }) => (
              <tr key={task.id} className={task.overdue ? 'overdue' : undefined} data-testid="task-row">
                <td>
                  {task.referralId ? (
                    <Link to={{ name: 'referral', referralId: task.referralId }}>
                      {tEnum('TaskType', task.type)}
                    </Link>
                  ) : task.caseId ? (
                    <Link to={{ name: 'case', caseId: task.caseId }}>{tEnum('TaskType', task.type)}</Link>
                  ) : (
                    tEnum('TaskType', task.type)
                  )}
                </td>
                <td>{task.caseCode ?? t('common.notShown')}</td>
                <td>{task.dueAt ? dateTime(task.dueAt) : t('inbox.noDeadline')}</td>
                <td>
                  {task.overdue ? <strong className="badge badge-danger">{t('inbox.overdue')}</strong> : null}{' '}
                  {task.dueAt ? timeLeft(task.dueAt, now) : ''}
                </td>
                <td>
                  <TaskAssignment
                    taskId={task.id}
                    assigneeId={task.assigneeId}
                    taskLabel={`${tEnum('TaskType', task.type)} ${task.caseCode ?? ''}`.trim()}
                    members={members}
                    onChanged={refresh}
                  />
                </td>
                <td>
                  {CLOSABLE_TASKS.includes(task.type) ? (
                    <button
                      type="button"
                      className="button button-small"
                      disabled={completion.fetching}
                      onClick={() => {
                        void completeTask({ taskId: task.id }).then((r) => {
                          if (!r.error) refresh();
                        });
                      }}
                    >
                      {t('inbox.markDone')}
                    </button>
                  ) : null}
                  {task.type === 'RISK_CONFERENCE' ? (
                    <RiskConferenceOutcomeForm
                      taskId={task.id}
                      onRecorded={() => {
                        setRecorded(true);
                        refresh();
                      }}
                    />
                  ) : null}
                </td>
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
