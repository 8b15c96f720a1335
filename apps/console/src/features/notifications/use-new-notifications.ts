import { useState } from 'react';
import { useSubscription } from 'urql';
import { NotificationReceivedSubscription } from './notifications.operations';

/**
 * How many notifications arrived live (graphql-ws) since the person last looked at the feed, for the navigation's
 * badge. The API keeps no read marks: this counts this session's arrivals only, in memory, and resets while the
 * feed is open.
 */
export function useNewNotificationCount(viewingFeed: boolean): number {
  const [live] = useSubscription(
    { query: NotificationReceivedSubscription },
    (arrived: number | undefined) => (arrived ?? 0) + 1,
  );
  const arrived = live.data ?? 0;
  const [seen, setSeen] = useState(0);
  // Adjusting state while rendering (React's pattern for state that follows a prop): no effect, no extra pass.
  if (viewingFeed && seen !== arrived) setSeen(arrived);
  return viewingFeed ? 0 : arrived - seen;
}
