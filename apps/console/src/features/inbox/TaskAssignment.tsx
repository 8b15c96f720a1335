import { useState } from 'react';
import { useMutation } from 'urql';
import { failureMessageKey } from '../../components/forms';
import { useI18n } from '../../i18n/i18n';
import { type MessageKey } from '../../i18n/messages/en';
import { toFailure, type Failure } from '../../lib/graphql-errors';
import { ClaimTaskMutation, ReleaseTaskMutation } from './assignment.operations';

/** The plain message for a refused claim or release: who won the task, or who may give it back. */
function assignmentMessageKey(failure: Failure, action: 'claim' | 'release'): MessageKey {
  if (action === 'claim' && failure.kind === 'conflict') return 'assignment.claimedByOther';
  if (action === 'release' && failure.kind === 'forbidden') return 'assignment.releaseForbidden';
  return failureMessageKey(failure);
}

/**
 * Who holds an inbox task, and taking it from the organisation's queue or giving it back. The API decides (a task
 * someone else claimed first is a CONFLICT; only the holder may release it); the inbox is read again either way.
 */
export function TaskAssignment({
  taskId,
  assigneeId,
  taskLabel,
  onChanged,
}: {
  taskId: string;
  /** Which task, for the buttons' accessible names (the same buttons repeat on every row). */
  taskLabel: string;
  assigneeId: string | null | undefined;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const [claimState, claim] = useMutation(ClaimTaskMutation);
  const [releaseState, release] = useMutation(ReleaseTaskMutation);
  const [failure, setFailure] = useState<{ failure: Failure; action: 'claim' | 'release' } | null>(null);
  const busy = claimState.fetching || releaseState.fetching;

  const act = async (action: 'claim' | 'release'): Promise<void> => {
    setFailure(null);
    const r = action === 'claim' ? await claim({ input: { taskId } }) : await release({ input: { taskId } });
    if (r.error) {
      const f = toFailure(r.error);
      setFailure({ failure: f, action });
      // Someone else's claim won, or the task changed: show the list as it now is.
      if (f.kind === 'conflict' || f.kind === 'notFound') onChanged();
    } else onChanged();
  };

  return (
    <div className="task-assignment">
      {assigneeId ? t('assignment.assigned') : t('assignment.unassigned')}{' '}
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
      {failure ? (
        <p className="field-error" role="alert">
          {t(assignmentMessageKey(failure.failure, failure.action))}
        </p>
      ) : null}
    </div>
  );
}
