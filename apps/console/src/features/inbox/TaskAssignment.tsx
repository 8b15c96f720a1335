import { useId, useState } from 'react';
import { useMutation } from 'urql';
import { failureMessageKey } from '../../components/forms';
import { useI18n } from '../../i18n/i18n';
import { type MessageKey } from '../../i18n/messages/en';
import { toFailure, type Failure } from '../../lib/graphql-errors';
import { AssignTaskMutation, ClaimTaskMutation, ReleaseTaskMutation } from './assignment.operations';

type Action = 'claim' | 'release' | 'assign';

/** A member of your organisation a supervisor may give a task to. */
export interface AssignableMember {
  id: string;
  displayName: string;
}

/** The plain message for a refused claim or release: who won the task, or who may give it back. */
function assignmentMessageKey(failure: Failure, action: Action): MessageKey {
  if (action === 'claim' && failure.kind === 'conflict') return 'assignment.claimedByOther';
  if (action === 'release' && failure.kind === 'forbidden') return 'assignment.releaseForbidden';
  if (action === 'assign' && failure.kind === 'forbidden') return 'assignment.assignForbidden';
  if (action === 'assign' && failure.kind === 'badInput') return 'assignment.assigneeUnfit';
  if (action === 'assign' && failure.kind === 'conflict') return 'assignment.taskClosed';
  return failureMessageKey(failure);
}

/**
 * Who holds an inbox task, and taking it from the organisation's queue or giving it back; a supervisor also gives it
 * to a member of the organisation. The API decides (a task someone else claimed first is a CONFLICT; only the holder
 * may release it; only a supervisor assigns, to an active member whose roles fit); the inbox is read again either way.
 */
export function TaskAssignment({
  taskId,
  assigneeId,
  taskLabel,
  members,
  onChanged,
}: {
  taskId: string;
  /** Which task, for the buttons' accessible names (the same buttons repeat on every row). */
  taskLabel: string;
  assigneeId: string | null | undefined;
  /** Your organisation's members when you supervise (null: you do not assign tasks). */
  members: readonly AssignableMember[] | null;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const [claimState, claim] = useMutation(ClaimTaskMutation);
  const [releaseState, release] = useMutation(ReleaseTaskMutation);
  const [assignState, assign] = useMutation(AssignTaskMutation);
  const [failure, setFailure] = useState<{ failure: Failure; action: Action } | null>(null);
  const [chosen, setChosen] = useState('');
  const selectId = useId();
  const busy = claimState.fetching || releaseState.fetching || assignState.fetching;

  const act = async (action: Action): Promise<void> => {
    setFailure(null);
    const r =
      action === 'claim'
        ? await claim({ input: { taskId } })
        : action === 'release'
          ? await release({ input: { taskId } })
          : await assign({ input: { taskId, assigneeId: chosen } });
    if (r.error) {
      const f = toFailure(r.error);
      setFailure({ failure: f, action });
      // Someone else's claim won, or the task changed: show the list as it now is.
      if (f.kind === 'conflict' || f.kind === 'notFound') onChanged();
    } else onChanged();
  };

  return (
    <div className="task-assignment">
      {assigneeId
        ? (members?.find((m) => m.id === assigneeId)?.displayName ?? t('assignment.assigned'))
        : t('assignment.unassigned')}{' '}
      {assigneeId ? (
        <button
          type="button"
          className="button button-small button-secondary"
          disabled={busy}
          onClick={() => void act('release')}
        >
          {t('assignment.release')}
          <span className="visually-hidden"> · {taskLabel}</span>
        </button>
      ) : (
        <button
          type="button"
          className="button button-small"
          disabled={busy}
          onClick={() => void act('claim')}
        >
          {t('assignment.claim')}
          <span className="visually-hidden"> · {taskLabel}</span>
        </button>
      )}
      {members ? (
        <form
          className="inline-form"
          aria-label={`${t('assignment.assignTo')} · ${taskLabel}`}
          onSubmit={(e) => {
            e.preventDefault();
            if (chosen !== '') void act('assign');
          }}
        >
          <label htmlFor={selectId} className="visually-hidden">
            {t('assignment.assignTo')} · {taskLabel}
          </label>
          <select id={selectId} value={chosen} onChange={(e) => setChosen(e.target.value)}>
            <option value="">{t('assignment.chooseMember')}</option>
            {members
              .filter((m) => m.id !== assigneeId)
              .map((m) => (
                <option key={m.id} value={m.id}>
                  {m.displayName}
                </option>
              ))}
          </select>{' '}
          <button
            type="submit"
            className="button button-small button-secondary"
            disabled={busy || chosen === ''}
          >
            {t('assignment.assign')}
            <span className="visually-hidden"> · {taskLabel}</span>
          </button>
        </form>
      ) : null}
      {failure ? (
        <p className="field-error" role="alert">
          {t(assignmentMessageKey(failure.failure, failure.action))}
        </p>
      ) : null}
    </div>
  );
}
