import { useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { Link } from '../../app/router';
import { FailureNotice } from '../../components/forms';
import { Page } from '../../components/Page';
import { useI18n } from '../../i18n/i18n';
import { toFailure } from '../../lib/graphql-errors';
import { NotificationReceivedSubscription, NotificationsQuery } from './notifications.operations';

const PAGE_SIZE = 20;

/**
 * Your notifications, newest first: what happened, the task type, the case code where you may see it, the deadline,
 * and a link by id. Older pages are added on request; a notification arriving live starts the list again from the
 * newest (so no page overlaps another).
 */
export function NotificationsPage() {
  const { t } = useI18n();
  const [live] = useSubscription({ query: NotificationReceivedSubscription });
  const arrived = live.data?.notificationReceived.id ?? 'none';
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [listedAt, setListedAt] = useState(arrived);
  if (listedAt !== arrived) {
    setListedAt(arrived);
    setCursors([null]);
  }
  return (
    <Page
      title={t('notifications.title')}
      actions={<Link to={{ name: 'notificationSettings' }}>{t('notifications.settingsLink')}</Link>}
    >
      <p>{t('notifications.intro')}</p>
      <ol className="notification-list">
        {cursors.map((after, i) => (
          <FeedPage
            key={`${arrived}:${after ?? 'first'}`}
            after={after}
            last={i === cursors.length - 1}
            onMore={(next) => setCursors((c) => [...c, next])}
          />
        ))}
      </ol>
    </Page>
  );
}

function FeedPage({
  after,
  last,
  onMore,
}: {
  after: string | null;
  last: boolean;
  onMore: (cursor: string) => void;
}) {
  const { t, tEnum, dateTime } = useI18n();
  const [result, reload] = useQuery({
    query: NotificationsQuery,
    variables: { first: PAGE_SIZE, after },
    requestPolicy: 'network-only',
  });
  const page = result.data?.notifications;
  const failure = result.error ? toFailure(result.error) : null;
  return (
    <>
      {failure ? (
        <li>
          <FailureNotice failure={failure} onRetry={() => reload({ requestPolicy: 'network-only' })} />
        </li>
      ) : null}
      {result.fetching && !page ? <li role="status">{t('common.loading')}</li> : null}
      {page && after === null && page.edges.length === 0 ? <li>{t('notifications.none')}</li> : null}
      {page?.edges.map(({ node: n }) => (
        <li key={n.id} className="notification">
          <p>
            <strong>{tEnum('NotificationKind', n.kind)}</strong>
            {n.mandatory ? (
              <>
                {' '}
                <span className="badge">{t('notifications.mandatory')}</span>
              </>
            ) : null}
          </p>
          <p className="hint">
            {t('notifications.received', { when: dateTime(n.createdAt) })}
            {n.taskType ? ` · ${tEnum('TaskType', n.taskType)}` : ''}
            {n.caseCode ? ` · ${t('notifications.caseCode', { code: n.caseCode })}` : ''}
            {n.dueAt ? ` · ${t('notifications.due', { when: dateTime(n.dueAt) })}` : ''}
          </p>
          {n.referralId ? (
            <Link to={{ name: 'referral', referralId: n.referralId }}>{t('notifications.openReferral')}</Link>
          ) : n.taskId ? (
            <Link to={{ name: 'inbox' }}>{t('notifications.openInbox')}</Link>
          ) : null}
        </li>
      ))}
      {last && page?.hasNextPage && page.endCursor ? (
        <li>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => onMore(page.endCursor ?? '')}
          >
            {t('notifications.more')}
          </button>
        </li>
      ) : null}
    </>
  );
}
