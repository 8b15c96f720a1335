import { type InboxAssignment, type InboxFilterInput, type TaskType } from '../../gql/graphql';

export type DueWindow = 'any' | 'overdue' | 'day' | 'week';

export interface InboxFilterState {
  type: TaskType | '';
  due: DueWindow;
  /** Whose tasks: ALL (the API's default) is not sent. */
  assignment?: InboxAssignment;
}

export const ASSIGNMENTS: readonly InboxAssignment[] = ['ALL', 'MINE', 'MY_TEAM', 'UNASSIGNED'];

/** The API filter for the screen's choices: "overdue" is due before now; "within a day/week" is due from now to then. */
export function toInboxFilter(state: InboxFilterState, now: Date): InboxFilterInput {
  const filter: InboxFilterInput = {};
  if (state.type) filter.type = state.type;
  if (state.assignment && state.assignment !== 'ALL') filter.assignment = state.assignment;
  const hours = state.due === 'day' ? 24 : state.due === 'week' ? 24 * 7 : 0;
  if (state.due === 'overdue') filter.dueBefore = now.toISOString();
  if (hours > 0) {
    filter.dueAfter = now.toISOString();
    filter.dueBefore = new Date(now.getTime() + hours * 3_600_000).toISOString();
  }
  return filter;
}

/** Tasks closed from the inbox itself; the others close when their action is taken (API: completeTask). */
export const CLOSABLE_TASKS: readonly TaskType[] = [
  'FOLLOW_UP',
  'ESCALATION',
  'MONITORING_ALERT',
  'REROUTE',
  'BREAK_GLASS_REVIEW',
  'SAFETY_PLAN_ACTION',
];
