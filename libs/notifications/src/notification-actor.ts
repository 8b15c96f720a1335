import { type Actor, bindPositional, taskScope } from '@lib/authz';
import { StaffRole } from '@lib/domain';
import { PERSONAL_KINDS } from './notification-kinds';

/** Positions (after the offset) of notificationScope's first values: the actor's organisation, roles, id, ... */
export const SCOPE_PARAM = { organisation: 1, roles: 2, staff: 3, supervisor: 4, personalKinds: 5 } as const;

/**
 * The notifications an actor may read, as SQL over `notifications n` (the feed query and the live subscription use the
 * same predicate): their organisation's, for one of their roles, addressed to them or to no one in particular
 * (supervisors: all, except the kinds about one named person only), about a task only if the actor's inbox may show that task (@lib/authz taskScope), and not
 * switched off for the console unless mandatory. Returns the SQL and its values; placeholders start after `offset`.
 */
export function notificationScope(actor: Actor, offset = 0): { text: string; values: unknown[] } {
  const task = bindPositional(taskScope(actor, 't'), offset + 5);
  // In SCOPE_PARAM's order (callers refer to the organisation, staff and supervisor placeholders by it).
  const values: unknown[] = [
    actor.organisationId,
    [...actor.roles],
    actor.staffId,
    actor.roles.includes(StaffRole.SUPERVISOR),
    [...PERSONAL_KINDS],
    ...task.values,
  ];
  const p = (i: number): string => `$${offset + i}`;
  const { organisation, roles, staff, supervisor, personalKinds } = SCOPE_PARAM;
  const text = `n.organisation_id = ${p(organisation)} AND n.recipient_roles && ${p(roles)}::text[]
    AND (n.recipient_staff_id IS NULL OR n.recipient_staff_id = ${p(staff)} OR (${p(supervisor)} AND n.kind <> ALL(${p(personalKinds)}::text[])))
    AND (n.task_id IS NULL OR EXISTS (SELECT 1 FROM tasks t WHERE t.id = n.task_id AND ${task.text}))
    AND (n.mandatory OR NOT EXISTS (SELECT 1 FROM notification_preferences np
          WHERE np.staff_id = ${p(staff)} AND np.kind = n.kind AND np.channel = 'CONSOLE' AND NOT np.enabled))`;
  return { text, values };
}
