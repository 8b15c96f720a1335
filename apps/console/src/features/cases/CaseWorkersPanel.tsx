import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorSummary, FailureNotice, failureMessageKey } from '../../components/forms';
import { Section, SelectField } from '../../components/inputs';
import { type Me } from '../../app/navigation';
import { useI18n } from '../../i18n/i18n';
import { type MessageKey } from '../../i18n/messages/en';
import { problemsFor, toFailure, type Failure } from '../../lib/graphql-errors';
import { type StaffRole } from '../../gql/graphql';
import {
  AssignableStaffQuery,
  AssignCaseMutation,
  CaseWorkersQuery,
  UnassignCaseMutation,
} from './case.operations';

const STAFF_ID = 'case-worker-staff';
/** Mirrors the API (assignCase / unassignCase): a convenience for showing the form, the API decides. */
const ASSIGNING_ROLES: readonly StaffRole[] = ['SUPERVISOR', 'ORGANISATION_ADMIN'];

/** The plain message for a refused assignment: the owner's last worker stays; only supervisors/admins assign. */
function workerMessageKey(failure: Failure, action: 'assign' | 'unassign'): MessageKey {
  if (action === 'unassign' && failure.kind === 'conflict') return 'caseWorkers.lastWorker';
  if (failure.kind === 'forbidden') return 'caseWorkers.forbidden';
  return failureMessageKey(failure);
}

/**
 * Who works on the case. Supervisors and organisation administrators assign a member of their organisation and
 * release one; the API refuses anyone else (FORBIDDEN) and keeps the owner's last worker on an open case (CONFLICT).
 */
export function CaseWorkersPanel({ caseId, me }: { caseId: string; me: Me }) {
  const { t, dateTime } = useI18n();
  const [workers, refetch] = useQuery({
    query: CaseWorkersQuery,
    variables: { id: caseId },
    requestPolicy: 'cache-and-network',
  });
  const assigner = me.roles.some((r) => ASSIGNING_ROLES.includes(r));
  const [staff] = useQuery({
    query: AssignableStaffQuery,
    variables: { organisationId: me.organisation.id },
    pause: !assigner,
  });
  const [assignState, assign] = useMutation(AssignCaseMutation);
  const [unassignState, unassign] = useMutation(UnassignCaseMutation);
  const [staffId, setStaffId] = useState('');
  const [failure, setFailure] = useState<{ failure: Failure; action: 'assign' | 'unassign' } | null>(null);
  const [done, setDone] = useState<MessageKey | null>(null);
  const busy = assignState.fetching || unassignState.fetching;

  const readFailure = workers.error ? toFailure(workers.error) : null;
  if (!workers.data && (readFailure?.kind === 'notFound' || readFailure?.kind === 'forbidden')) return null;
  const list = workers.data?.case.assignedWorkers ?? [];
  const current = new Set(list.map((w) => w.staffId));
  const options = (staff.data?.staffMembers ?? [])
    .filter((s) => s.active && !current.has(s.id))
    .map((s) => ({ value: s.id, label: s.displayName }));

  const after = (r: { error?: Parameters<typeof toFailure>[0] }, action: 'assign' | 'unassign'): boolean => {
    if (r.error) {
      const f = toFailure(r.error);
      setFailure({ failure: f, action });
      if (f.kind === 'conflict' || f.kind === 'notFound') refetch({ requestPolicy: 'network-only' });
      return false;
    }
    setDone(action === 'assign' ? 'caseWorkers.assigned' : 'caseWorkers.unassigned');
    refetch({ requestPolicy: 'network-only' });
    return true;
  };

  const onAssign = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setFailure(null);
    setDone(null);
    if (staffId === '') {
      setFailure({
        failure: { kind: 'badInput', fields: [{ path: 'input.staffId', message: '' }] },
        action: 'assign',
      });
      return;
    }
    const r = await assign({ input: { caseId, staffId } });
    if (after(r, 'assign')) setStaffId('');
  };

  const onUnassign = async (id: string): Promise<void> => {
    setFailure(null);
    setDone(null);
    after(await unassign({ input: { caseId, staffId: id } }), 'unassign');
  };

  const refused = failure && failure.failure.kind !== 'badInput' ? failure : null;
  return (
    <Section title={t('caseWorkers.title')}>
      <FailureNotice failure={readFailure} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      {workers.data && list.length === 0 ? <p>{t('caseWorkers.none')}</p> : null}
      {list.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('caseWorkers.name')}</th>
              <th scope="col">{t('caseWorkers.since')}</th>
              {assigner ? <th scope="col">{t('caseWorkers.actions')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {list.map((w) => (
              <tr key={`${w.organisationId}:${w.staffId}`} data-testid="case-worker">
                <td>
                  {w.displayName}
                  {w.organisationId !== me.organisation.id ? (
                    <span className="hint"> · {t('caseWorkers.otherOrganisation')}</span>
                  ) : null}
                </td>
                <td>{dateTime(w.assignedAt)}</td>
                {assigner ? (
                  <td>
                    {w.organisationId === me.organisation.id ? (
                      <button
                        type="button"
                        className="button button-small button-secondary"
                        disabled={busy}
                        onClick={() => void onUnassign(w.staffId)}
                      >
                        {t('caseWorkers.unassign')}
                        <span className="visually-hidden"> · {w.displayName}</span>
                      </button>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {refused ? (
        <p className="field-error" role="alert">
          {t(workerMessageKey(refused.failure, refused.action))}
        </p>
      ) : null}
      {done ? (
        <p className="notice notice-success" role="status">
          {t(done)}
        </p>
      ) : null}
      {assigner ? (
        <form onSubmit={(e) => void onAssign(e)} noValidate aria-label={t('caseWorkers.assign')}>
          <ErrorSummary
            failure={failure?.failure.kind === 'badInput' ? failure.failure : null}
            fields={[{ path: 'input.staffId', id: STAFF_ID, label: t('caseWorkers.member') }]}
          />
          <FailureNotice failure={staff.error ? toFailure(staff.error) : null} />
          <SelectField
            id={STAFF_ID}
            label={t('caseWorkers.member')}
            hint={t('caseWorkers.memberHint')}
            value={staffId}
            onChange={setStaffId}
            options={options}
            placeholder={t('caseWorkers.choose')}
            problems={problemsFor(failure?.failure ?? null, 'input.staffId')}
          />
          <button type="submit" className="button" disabled={busy}>
            {t('caseWorkers.assign')}
          </button>
        </form>
      ) : null}
    </Section>
  );
}
