import { useState } from 'react';
import { useMutation } from 'urql';
import type { CaseStatus } from '../../gql/graphql';
import { Section } from '../../components/inputs';
import { useI18n } from '../../i18n/i18n';
import { type MessageKey } from '../../i18n/messages/en';
import { toFailure, type Failure } from '../../lib/graphql-errors';
import { failureMessageKey } from '../../components/forms';
import { ApproveCaseClosureMutation, RequestCaseClosureMutation } from './case.operations';

/** The plain message for a refused closure step: who may approve, or why the case's state does not allow it. */
function closureMessageKey(failure: Failure, step: 'request' | 'approve'): MessageKey {
  if (failure.kind === 'forbidden')
    return step === 'approve' ? 'closure.approveForbidden' : 'closure.requestForbidden';
  if (failure.kind === 'conflict' && !failure.stale) return 'closure.conflict';
  return failureMessageKey(failure);
}

/**
 * Closing a case takes two people: the owner asks (with the case's version, so a stale page cannot close a case that
 * changed), a supervisor who did not ask approves. The buttons follow the case's status; the API decides who may.
 */
export function ClosurePanel({
  caseId,
  status,
  version,
  onChanged,
}: {
  caseId: string;
  status: CaseStatus;
  version: number | null | undefined;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const [requestState, requestClosure] = useMutation(RequestCaseClosureMutation);
  const [approveState, approveClosure] = useMutation(ApproveCaseClosureMutation);
  const [failure, setFailure] = useState<{ failure: Failure; step: 'request' | 'approve' } | null>(null);
  const [done, setDone] = useState<MessageKey | null>(null);
  if (status === 'CLOSED' && !done) return null;

  const onRequest = async (): Promise<void> => {
    if (version === null || version === undefined) return;
    setFailure(null);
    setDone(null);
    const r = await requestClosure({ caseId, expectedVersion: version });
    if (r.error) setFailure({ failure: toFailure(r.error), step: 'request' });
    else {
      setDone('closure.requested');
      onChanged();
    }
  };
  const onApprove = async (): Promise<void> => {
    setFailure(null);
    setDone(null);
    const r = await approveClosure({ caseId });
    if (r.error) setFailure({ failure: toFailure(r.error), step: 'approve' });
    else {
      setDone('closure.approved');
      onChanged();
    }
  };
  const busy = requestState.fetching || approveState.fetching;
  const stale = failure?.failure.kind === 'conflict' && failure.failure.stale;

  return (
    <Section title={t('closure.title')}>
      {failure ? (
        <div className="notice notice-error" role="alert">
          <p>{t(closureMessageKey(failure.failure, failure.step))}</p>
          {stale ? (
            <button type="button" className="button button-secondary" onClick={onChanged}>
              {t('common.refresh')}
            </button>
          ) : null}
        </div>
      ) : null}
      {done ? (
        <p className="notice" role="status">
          {t(done)}
        </p>
      ) : null}
      {status === 'OPEN' ? (
        <>
          <p>{t('closure.requestHint')}</p>
          <button
            type="button"
            className="button"
            disabled={busy || version === null || version === undefined}
            onClick={() => void onRequest()}
          >
            {t('closure.request')}
          </button>
        </>
      ) : null}
      {status === 'CLOSURE_REQUESTED' ? (
        <>
          <p>{t('closure.pendingHint')}</p>
          <button type="button" className="button" disabled={busy} onClick={() => void onApprove()}>
            {t('closure.approve')}
          </button>
        </>
      ) : null}
    </Section>
  );
}
