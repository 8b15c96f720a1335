import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import type { CaseStatus, ProtectionOrderCondition, ProtectionOrderFieldsFragment, ProtectionOrderKind } from '../../gql/graphql';
import {
  describedBy,
  ErrorSummary,
  FailureNotice,
  FieldError,
  newIdempotencyKey,
} from '../../components/forms';
import { Section } from '../../components/inputs';
import { useI18n } from '../../i18n/i18n';
import { type MessageKey } from '../../i18n/messages/en';
import { problemsFor, toFailure, type Failure } from '../../lib/graphql-errors';
import { useNow } from '../../lib/use-now';
import {
  ApplyForProtectionOrderMutation,
  ExtendProtectionOrderMutation,
  ProtectionOrdersQuery,
  RecordProtectionOrderIssuedMutation,
  ReportProtectionOrderBreachMutation,
} from './protection.operations';

type Order = ProtectionOrderFieldsFragment;
const KINDS: readonly ProtectionOrderKind[] = ['SHORT_TERM', 'LONG_TERM'];
const PROTECTION_ORDER_CONDITIONS: readonly ProtectionOrderCondition[] = [
  'NO_VIOLENCE',
  'NO_CONTACT',
  'NO_APPROACH',
  'NO_SEARCH',
  'LEAVE_SHARED_HOME',
  'SURRENDER_WEAPONS',
  'CHILD_CONTACT_RESTRICTED',
  'ATTEND_PROGRAMME',
];

/** A `datetime-local` value (the person's local time) as the instant the API takes; '' when not a valid time. */
export function localToIso(value: string): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

/** A set of codes to tick (the order's conditions), sent as `input.<name>`. */
interface Checklist {
  name: 'conditions';
  legend: MessageKey;
  hint?: MessageKey;
  options: readonly string[];
  label: (value: string) => string;
}

interface DateField {
  /** The input field the API names (`input.<name>`). */
  name: 'issuedAt' | 'expiresAt' | 'occurredAt';
  label: MessageKey;
  hint?: MessageKey;
}

/**
 * One action on one order (record issuance, extend, report a breach): date-time fields, the API's field errors beside
 * them, values kept on failure and the same idempotency key reused until it succeeds.
 */
function OrderActionForm({
  title,
  submit,
  fields,
  checklist,
  run,
  onDone,
}: {
  title: MessageKey;
  submit: MessageKey;
  fields: readonly DateField[];
  checklist?: Checklist;
  run: (values: Record<string, string>, idempotencyKey: string, ticked: string[]) => Promise<Failure | null>;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const base = useId();
  const [values, setValues] = useState<Record<string, string>>({});
  const [ticked, setTicked] = useState<string[]>([]);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [key, setKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const idOf = (name: string): string => `${base}-${name}`;

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setFailure(null);
    setBusy(true);
    const iso = Object.fromEntries(fields.map((f) => [f.name, localToIso(values[f.name] ?? '')]));
    const missing = fields.filter((f) => !iso[f.name]);
    if (missing.length > 0) {
      // Nothing is sent without the dates; the same summary as the API's refusal points at them.
      setFailure({
        kind: 'badInput',
        fields: missing.map((f) => ({ path: `input.${f.name}`, message: '' })),
      });
      setBusy(false);
      return;
    }
    const f = await run(iso, key, checklist ? checklist.options.filter((o) => ticked.includes(o)) : []);
    setBusy(false);
    if (f) setFailure(f);
    else {
      setKey(newIdempotencyKey());
      setValues({});
      setTicked([]);
      onDone();
    }
  };

  return (
    <form className="subform" onSubmit={(e) => void onSubmit(e)} noValidate aria-label={t(title)}>
      <h4>{t(title)}</h4>
      <ErrorSummary
        failure={failure}
        fields={[
          ...fields.map((f) => ({ path: `input.${f.name}`, id: idOf(f.name), label: t(f.label) })),
          ...(checklist ? [{ path: `input.${checklist.name}`, id: idOf(checklist.name), label: t(checklist.legend) }] : []),
        ]}
      />
      {checklist ? (
        <fieldset
          id={idOf(checklist.name)}
          tabIndex={-1}
          className={problemsFor(failure, `input.${checklist.name}`).length > 0 ? 'field field-invalid' : 'field'}
          aria-describedby={describedBy(
            idOf(checklist.name),
            problemsFor(failure, `input.${checklist.name}`),
            Boolean(checklist.hint),
          )}
        >
          <legend>{t(checklist.legend)}</legend>
          {checklist.hint ? (
            <p className="hint" id={`${idOf(checklist.name)}-hint`}>
              {t(checklist.hint)}
            </p>
          ) : null}
          <FieldError id={idOf(checklist.name)} problems={problemsFor(failure, `input.${checklist.name}`)} />
          {checklist.options.map((option) => (
            <label key={option} className="checkbox">
              <input
                type="checkbox"
                checked={ticked.includes(option)}
                onChange={(e) =>
                  setTicked((now) => (e.target.checked ? [...now, option] : now.filter((x) => x !== option)))
                }
              />{' '}
              {checklist.label(option)}
            </label>
          ))}
        </fieldset>
      ) : null}
      <div className="form-inline">
        {fields.map((f) => {
          const id = idOf(f.name);
          const problems = problemsFor(failure, `input.${f.name}`);
          return (
            <div key={f.name} className={problems.length > 0 ? 'field field-invalid' : 'field'}>
              <label htmlFor={id}>{t(f.label)}</label>
              {f.hint ? (
                <p className="hint" id={`${id}-hint`}>
                  {t(f.hint)}
                </p>
              ) : null}
              <FieldError id={id} problems={problems} />
              <input
                id={id}
                type="datetime-local"
                value={values[f.name] ?? ''}
                aria-invalid={problems.length > 0 || undefined}
                aria-describedby={describedBy(id, problems, Boolean(f.hint))}
                onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
              />
            </div>
          );
        })}
        <button type="submit" className="button button-secondary" disabled={busy}>
          {t(submit)}
        </button>
      </div>
    </form>
  );
}

/**
 * A case's protection orders (owner, and the police or helpline it was referred to): kind, issuer, status, the issuing
 * deadline of an application and the time left before an order expires; the owner applies, records the issuance and
 * extends; a breach of an order in force is reported by any of them. The API decides who may; refusals are shown.
 */
export function ProtectionOrdersPanel({
  caseId,
  owner,
  status,
  organisationName,
  onChanged,
}: {
  caseId: string;
  owner: boolean;
  status: CaseStatus | null | undefined;
  organisationName: (id: string) => string;
  onChanged: () => void;
}) {
  const { t, tEnum, dateTime, timeLeft } = useI18n();
  const now = useNow();
  const kindId = useId();
  const [result, refetch] = useQuery({
    query: ProtectionOrdersQuery,
    variables: { caseId },
    requestPolicy: 'cache-and-network',
  });
  const [applyState, apply] = useMutation(ApplyForProtectionOrderMutation);
  const [, recordIssued] = useMutation(RecordProtectionOrderIssuedMutation);
  const [, extend] = useMutation(ExtendProtectionOrderMutation);
  const [, reportBreach] = useMutation(ReportProtectionOrderBreachMutation);
  const [kind, setKind] = useState<ProtectionOrderKind | ''>('');
  const [applyKey, setApplyKey] = useState(newIdempotencyKey);
  const [applyFailure, setApplyFailure] = useState<Failure | null>(null);
  const [done, setDone] = useState<MessageKey | null>(null);

  const readFailure = result.error ? toFailure(result.error) : null;
  if (!result.data && (readFailure?.kind === 'notFound' || readFailure?.kind === 'forbidden')) return null;
  const orders = result.data?.protectionOrders ?? [];
  const reload = (message: MessageKey): void => {
    setDone(message);
    refetch({ requestPolicy: 'network-only' });
    onChanged();
  };
  const asFailure = (r: { error?: Parameters<typeof toFailure>[0] }): Failure | null =>
    r.error ? toFailure(r.error) : null;

  const onApply = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setApplyFailure(null);
    setDone(null);
    if (!kind) {
      setApplyFailure({ kind: 'badInput', fields: [{ path: 'input.kind', message: '' }] });
      return;
    }
    const r = await apply({ input: { caseId, kind, idempotencyKey: applyKey } });
    if (r.error) setApplyFailure(toFailure(r.error));
    else {
      setApplyKey(newIdempotencyKey());
      setKind('');
      reload('protection.applied');
    }
  };

  const deadline = (o: Order): string => {
    if (o.status === 'APPLIED' && o.issueDueAt)
      return t('protection.issueDue', { when: dateTime(o.issueDueAt), left: timeLeft(o.issueDueAt, now) });
    if (o.status === 'ISSUED' && o.expiresAt)
      return t('protection.expires', { when: dateTime(o.expiresAt), left: timeLeft(o.expiresAt, now) });
    if (o.status === 'EXPIRED' && o.expiresAt)
      return t('protection.expired', { when: dateTime(o.expiresAt) });
    return '';
  };
  const kindProblems = problemsFor(applyFailure, 'input.kind');

  return (
    <Section title={t('protection.title')}>
      <FailureNotice failure={readFailure} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      {done ? (
        <p className="notice notice-success" role="status">
          {t(done)}
        </p>
      ) : null}
      {result.data && orders.length === 0 ? <p>{t('protection.none')}</p> : null}
      {orders.map((o) => (
        <article key={o.id} className="card" aria-labelledby={`order-${o.id}`}>
          <h3 id={`order-${o.id}`}>
            {tEnum('ProtectionOrderKind', o.kind)} · {tEnum('ProtectionOrderStatus', o.status)}
          </h3>
          <p className={o.status === 'ISSUED' || o.status === 'APPLIED' ? 'order-deadline' : undefined}>
            {deadline(o)}
          </p>
          <dl className="summary">
            <div>
              <dt>{t('protection.issuer')}</dt>
              <dd>{tEnum('ProtectionOrderIssuer', o.issuer)}</dd>
            </div>
            <div>
              <dt>{t('protection.appliedAt')}</dt>
              <dd>{dateTime(o.appliedAt)}</dd>
            </div>
            {o.issuedAt ? (
              <div>
                <dt>{t('protection.issuedAt')}</dt>
                <dd>{dateTime(o.issuedAt)}</dd>
              </div>
            ) : null}
            {o.expiresAt ? (
              <div>
                <dt>{t('protection.expiresAt')}</dt>
                <dd>{dateTime(o.expiresAt)}</dd>
              </div>
            ) : null}
            {o.conditions.length > 0 ? (
              <div>
                <dt>{t('protection.conditions')}</dt>
                <dd>
                  <ul>
                    {o.conditions.map((c) => (
                      <li key={c}>{tEnum('ProtectionOrderCondition', c)}</li>
                    ))}
                  </ul>
                </dd>
              </div>
            ) : null}
            {o.extensionCount > 0 ? (
              <div>
                <dt>{t('protection.extensions')}</dt>
                <dd>{o.extensionCount}</dd>
              </div>
            ) : null}
          </dl>
          {o.breaches.length > 0 ? (
            <>
              <h4>{t('protection.breaches')}</h4>
              <ul>
                {o.breaches.map((b) => (
                  <li key={b.id}>
                    {t('protection.breachLine', {
                      when: dateTime(b.occurredAt),
                      reported: dateTime(b.reportedAt),
                      organisation: organisationName(b.reporterOrganisationId),
                    })}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {owner && o.status === 'APPLIED' ? (
            <OrderActionForm
              title="protection.recordIssued"
              submit="protection.recordIssuedSubmit"
              fields={[
                { name: 'issuedAt', label: 'protection.issuedAt' },
                {
                  name: 'expiresAt',
                  label: 'protection.expiresAt',
                  hint: o.kind === 'SHORT_TERM' ? 'protection.termShort' : 'protection.termLong',
                },
              ]}
              checklist={{
                name: 'conditions',
                legend: 'protection.conditions',
                hint: 'protection.conditionsHint',
                options: PROTECTION_ORDER_CONDITIONS,
                label: (c) => tEnum('ProtectionOrderCondition', c),
              }}
              run={async (v, idempotencyKey, conditions) =>
                asFailure(
                  await recordIssued({
                    input: {
                      orderId: o.id,
                      issuedAt: v.issuedAt ?? '',
                      expiresAt: v.expiresAt ?? '',
                      conditions: conditions as ProtectionOrderCondition[],
                      idempotencyKey,
                    },
                  }),
                )
              }
              onDone={() => reload('protection.issuedRecorded')}
            />
          ) : null}
          {owner && o.status === 'ISSUED' ? (
            <OrderActionForm
              title="protection.extend"
              submit="protection.extendSubmit"
              fields={[{ name: 'expiresAt', label: 'protection.newExpiry', hint: 'protection.extendHint' }]}
              run={async (v, idempotencyKey) =>
                asFailure(
                  await extend({ input: { orderId: o.id, expiresAt: v.expiresAt ?? '', idempotencyKey } }),
                )
              }
              onDone={() => reload('protection.extended')}
            />
          ) : null}
          {o.status === 'ISSUED' ? (
            <OrderActionForm
              title="protection.reportBreach"
              submit="protection.reportBreachSubmit"
              fields={[{ name: 'occurredAt', label: 'protection.breachAt', hint: 'protection.breachHint' }]}
              run={async (v, idempotencyKey) =>
                asFailure(
                  await reportBreach({
                    input: { orderId: o.id, occurredAt: v.occurredAt ?? '', idempotencyKey },
                  }),
                )
              }
              onDone={() => reload('protection.breachReported')}
            />
          ) : null}
        </article>
      ))}

      {owner && status === 'OPEN' ? (
        <form onSubmit={(e) => void onApply(e)} noValidate aria-label={t('protection.apply')}>
          <h3>{t('protection.apply')}</h3>
          <ErrorSummary
            failure={applyFailure}
            fields={[{ path: 'input.kind', id: kindId, label: t('protection.kind') }]}
          />
          <div className="form-inline">
            <div className={kindProblems.length > 0 ? 'field field-invalid' : 'field'}>
              <label htmlFor={kindId}>{t('protection.kind')}</label>
              <p className="hint" id={`${kindId}-hint`}>
                {t('protection.kindHint')}
              </p>
              <FieldError id={kindId} problems={kindProblems} />
              <select
                id={kindId}
                value={kind}
                aria-invalid={kindProblems.length > 0 || undefined}
                aria-describedby={describedBy(kindId, kindProblems, true)}
                onChange={(e) => setKind(e.target.value as ProtectionOrderKind | '')}
              >
                <option value="">{t('common.choose')}</option>
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {tEnum('ProtectionOrderKind', k)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button" disabled={applyState.fetching}>
              {t('protection.applySubmit')}
            </button>
          </div>
        </form>
      ) : null}
    </Section>
  );
}
