import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorSummary, FailureNotice, failureMessageKey, newIdempotencyKey } from '../../components/forms';
import { Section, SelectField, TextField } from '../../components/inputs';
import {
  type SafetyPlanAction,
  type SafetyPlanItemFieldsFragment,
  type SafetyPlanItemStatus,
} from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { organisationName } from '../../lib/enums';
import { consentProblemsFor, problemsFor, toFailure, type Failure } from '../../lib/graphql-errors';
import { DirectoryQuery } from '../cases/case.operations';
import { AddSafetyPlanItemMutation, SafetyPlanQuery, UpdateSafetyPlanItemMutation } from './risk.operations';

export const SAFETY_PLAN_ACTIONS: readonly SafetyPlanAction[] = [
  'EMERGENCY_PLAN',
  'SAFE_ACCOMMODATION',
  'POLICE_WELFARE_CHECK',
  'LEGAL_ADVICE',
  'COUNSELLING',
  'HEALTH_CARE',
  'FINANCIAL_SUPPORT',
  'CHILD_SAFETY',
];
const STATUSES: readonly SafetyPlanItemStatus[] = ['OPEN', 'DONE', 'CANCELLED'];
/** The API's limit on an item's note (AddSafetyPlanItemInput.note). */
export const SAFETY_NOTE_MAX = 2000;

/** A day picked in a date field, as the end of that day in the person's time zone (the API takes an instant). */
export function dayEndToIso(day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return '';
  const d = new Date(`${day}T23:59:00`);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

/** An instant as the day a date field shows (the person's time zone). */
function isoToDay(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

interface AddForm {
  action: SafetyPlanAction | '';
  responsibleOrganisationId: string;
  due: string;
  review: string;
  note: string;
}
const EMPTY: AddForm = { action: '', responsibleOrganisationId: '', due: '', review: '', note: '' };

/**
 * The case's safety plan. The owning organisation writes it: coded actions, the organisation responsible for each,
 * due and review dates, status. The note stays within the owning organisation; another organisation receives a task
 * only if the survivor's consent covers it (the API refuses with CONSENT_REQUIRED on the responsible organisation).
 * A retry after a failure reuses the idempotency key, so the API never adds or changes an item twice.
 */
export function SafetyPlanPanel({
  caseId,
  owner,
  ownOrganisationId,
}: {
  caseId: string;
  /** Your organisation owns the case (only the owner writes the plan; the API decides). */
  owner: boolean;
  ownOrganisationId: string;
}) {
  const i18n = useI18n();
  const { t, tEnum, date, number } = i18n;
  const [plan, refetch] = useQuery({
    query: SafetyPlanQuery,
    variables: { caseId },
    requestPolicy: 'cache-and-network',
  });
  const [directory] = useQuery({ query: DirectoryQuery, variables: {} });
  const [addState, add] = useMutation(AddSafetyPlanItemMutation);
  const [form, setForm] = useState<AddForm>(EMPTY);
  const [key, setKey] = useState(newIdempotencyKey);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [added, setAdded] = useState(false);

  const readFailure = plan.error ? toFailure(plan.error) : null;
  if (!plan.data && (readFailure?.kind === 'notFound' || readFailure?.kind === 'forbidden')) return null;
  const organisations = directory.data?.organisations ?? [];
  const orgName = (id: string): string => {
    const o = organisations.find((x) => x.id === id);
    return o ? organisationName(o, i18n.language) : t('common.otherOrganisation');
  };
  const set = (patch: Partial<AddForm>): void => setForm((f) => ({ ...f, ...patch }));
  const ids = {
    action: 'safety-plan-action',
    responsibleOrganisationId: 'safety-plan-organisation',
    dueAt: 'safety-plan-due',
    reviewAt: 'safety-plan-review',
    note: 'safety-plan-note',
  };

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setFailure(null);
    setAdded(false);
    const dueAt = dayEndToIso(form.due);
    const reviewAt = dayEndToIso(form.review);
    const missing = [
      form.action === '' ? 'input.action' : null,
      form.responsibleOrganisationId === '' ? 'input.responsibleOrganisationId' : null,
      dueAt === '' ? 'input.dueAt' : null,
      reviewAt === '' ? 'input.reviewAt' : null,
      form.note.length > SAFETY_NOTE_MAX ? 'input.note' : null,
    ].filter((p): p is string => p !== null);
    if (missing.length > 0 || form.action === '') {
      setFailure({ kind: 'badInput', fields: missing.map((path) => ({ path, message: '' })) });
      return;
    }
    const r = await add({
      input: {
        caseId,
        action: form.action,
        responsibleOrganisationId: form.responsibleOrganisationId,
        dueAt,
        reviewAt,
        note: form.note.trim() === '' ? null : form.note,
        idempotencyKey: key,
      },
    });
    if (r.error) {
      setFailure(toFailure(r.error));
      return;
    }
    setKey(newIdempotencyKey());
    setForm(EMPTY);
    setAdded(true);
    refetch({ requestPolicy: 'network-only' });
  };

  const items = plan.data?.safetyPlan ?? [];
  const orgProblems = [
    ...problemsFor(failure, 'input.responsibleOrganisationId'),
    ...consentProblemsFor(failure, 'input.responsibleOrganisationId'),
  ];
  return (
    <Section title={t('safetyPlan.title')}>
      <p className="notice">{t('safetyPlan.privacy')}</p>
      <FailureNotice failure={readFailure} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      {plan.data && items.length === 0 ? <p>{t('safetyPlan.none')}</p> : null}
      {items.length > 0 ? (
        <ol className="notes">
          {items.map((item) => (
            <li key={item.id} data-testid="safety-plan-item">
              <p>
                <strong>{tEnum('SafetyPlanAction', item.action)}</strong> ·{' '}
                {tEnum('SafetyPlanItemStatus', item.status)}
              </p>
              <p className="hint">
                {t('safetyPlan.itemSummary', {
                  organisation:
                    item.responsibleOrganisationId === ownOrganisationId
                      ? t('safetyPlan.yourOrganisation')
                      : orgName(item.responsibleOrganisationId),
                  due: date(item.dueAt),
                  review: date(item.reviewAt),
                })}
              </p>
              {item.note ? <p className="note-body">{item.note}</p> : null}
              {owner && item.status === 'OPEN' ? (
                <SafetyPlanItemEditor
                  item={item}
                  onChanged={() => refetch({ requestPolicy: 'network-only' })}
                />
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
      {owner ? (
        <form onSubmit={(e) => void onSubmit(e)} noValidate aria-label={t('safetyPlan.add')}>
          <h3>{t('safetyPlan.add')}</h3>
          <ErrorSummary
            failure={failure}
            fields={[
              { path: 'input.action', id: ids.action, label: t('safetyPlan.action') },
              {
                path: 'input.responsibleOrganisationId',
                id: ids.responsibleOrganisationId,
                label: t('safetyPlan.responsible'),
              },
              { path: 'input.dueAt', id: ids.dueAt, label: t('safetyPlan.due') },
              { path: 'input.reviewAt', id: ids.reviewAt, label: t('safetyPlan.review') },
              { path: 'input.note', id: ids.note, label: t('safetyPlan.note') },
            ]}
          />
          {added ? (
            <p className="notice notice-success" role="status">
              {t('safetyPlan.added')}
            </p>
          ) : null}
          <SelectField
            id={ids.action}
            label={t('safetyPlan.action')}
            value={form.action}
            onChange={(action) => set({ action })}
            options={SAFETY_PLAN_ACTIONS.map((a) => ({ value: a, label: tEnum('SafetyPlanAction', a) }))}
            placeholder={t('safetyPlan.choose')}
            problems={problemsFor(failure, 'input.action')}
          />
          <SelectField
            id={ids.responsibleOrganisationId}
            label={t('safetyPlan.responsible')}
            hint={t('safetyPlan.responsibleHint')}
            value={form.responsibleOrganisationId}
            onChange={(responsibleOrganisationId) => set({ responsibleOrganisationId })}
            options={organisations.map((o) => ({
              value: o.id,
              label:
                o.id === ownOrganisationId
                  ? t('safetyPlan.yourOrganisation')
                  : organisationName(o, i18n.language),
            }))}
            placeholder={t('safetyPlan.choose')}
            problems={orgProblems}
          />
          {consentProblemsFor(failure, 'input.responsibleOrganisationId').length > 0 ? (
            <p className="field-error">{t('safetyPlan.consentRequired')}</p>
          ) : null}
          <TextField
            id={ids.dueAt}
            label={t('safetyPlan.due')}
            hint={t('safetyPlan.dateHint')}
            type="date"
            value={form.due}
            onChange={(due) => set({ due })}
            problems={problemsFor(failure, 'input.dueAt')}
          />
          <TextField
            id={ids.reviewAt}
            label={t('safetyPlan.review')}
            hint={t('safetyPlan.dateHint')}
            type="date"
            value={form.review}
            onChange={(review) => set({ review })}
            problems={problemsFor(failure, 'input.reviewAt')}
          />
          <TextField
            id={ids.note}
            label={t('safetyPlan.note')}
            hint={t('safetyPlan.noteHint', {
              max: number(SAFETY_NOTE_MAX),
              left: number(SAFETY_NOTE_MAX - form.note.length),
            })}
            multiline
            value={form.note}
            onChange={(note) => set({ note })}
            problems={problemsFor(failure, 'input.note')}
          />
          <button type="submit" className="button" disabled={addState.fetching}>
            {t('safetyPlan.add')}
          </button>
        </form>
      ) : null}
    </Section>
  );
}

/** Changes one OPEN item's status or dates at the version shown; a stale version is a CONFLICT said plainly. */
function SafetyPlanItemEditor({
  item,
  onChanged,
}: {
  item: SafetyPlanItemFieldsFragment;
  onChanged: () => void;
}) {
  const { t, tEnum } = useI18n();
  const [state, update] = useMutation(UpdateSafetyPlanItemMutation);
  const [status, setStatus] = useState<SafetyPlanItemStatus | ''>(item.status);
  const [due, setDue] = useState(() => isoToDay(item.dueAt));
  const [review, setReview] = useState(() => isoToDay(item.reviewAt));
  const [key, setKey] = useState(newIdempotencyKey);
  const [failure, setFailure] = useState<Failure | null>(null);
  const prefix = `safety-plan-item-${item.id}`;
  const label = tEnum('SafetyPlanAction', item.action);

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setFailure(null);
    const dueAt = due === isoToDay(item.dueAt) ? null : dayEndToIso(due);
    const reviewAt = review === isoToDay(item.reviewAt) ? null : dayEndToIso(review);
    if (dueAt === '' || reviewAt === '') {
      setFailure({
        kind: 'badInput',
        fields: [dueAt === '' ? 'input.dueAt' : null, reviewAt === '' ? 'input.reviewAt' : null]
          .filter((p): p is string => p !== null)
          .map((path) => ({ path, message: '' })),
      });
      return;
    }
    const r = await update({
      input: {
        itemId: item.id,
        expectedVersion: item.version,
        idempotencyKey: key,
        ...(status !== '' && status !== item.status ? { status } : {}),
        ...(dueAt ? { dueAt } : {}),
        ...(reviewAt ? { reviewAt } : {}),
      },
    });
    if (r.error) {
      const f = toFailure(r.error);
      setFailure(f);
      if (f.kind === 'conflict') onChanged();
      return;
    }
    setKey(newIdempotencyKey());
    onChanged();
  };

  return (
    <form
      onSubmit={(e) => void onSubmit(e)}
      noValidate
      aria-label={t('safetyPlan.change', { action: label })}
    >
      {failure && failure.kind !== 'badInput' ? (
        <p className="field-error" role="alert">
          {t(failure.kind === 'conflict' ? 'safetyPlan.changedMeanwhile' : failureMessageKey(failure))}
        </p>
      ) : null}
      <SelectField
        id={`${prefix}-status`}
        label={t('safetyPlan.status')}
        value={status}
        onChange={setStatus}
        options={STATUSES.map((s) => ({ value: s, label: tEnum('SafetyPlanItemStatus', s) }))}
        problems={problemsFor(failure, 'input.status')}
      />
      <TextField
        id={`${prefix}-due`}
        label={t('safetyPlan.due')}
        type="date"
        value={due}
        onChange={setDue}
        problems={problemsFor(failure, 'input.dueAt')}
      />
      <TextField
        id={`${prefix}-review`}
        label={t('safetyPlan.review')}
        type="date"
        value={review}
        onChange={setReview}
        problems={problemsFor(failure, 'input.reviewAt')}
      />
      <button type="submit" className="button button-small button-secondary" disabled={state.fetching}>
        {t('safetyPlan.save')}
        <span className="visually-hidden"> · {label}</span>
      </button>
    </form>
  );
}
