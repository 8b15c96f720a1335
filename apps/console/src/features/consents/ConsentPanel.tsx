import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import type {
  ConsentGrantor,
  ConsentMethod,
  ConsentPurpose,
  DataCategory,
  OrganisationType,
  RecordConsentInput,
} from '../../gql/graphql';
import { ErrorSummary, FailureNotice, newIdempotencyKey, type FieldRef } from '../../components/forms';
import { CheckboxGroup, Section, SelectField, TextField } from '../../components/inputs';
import { useI18n } from '../../i18n/i18n';
import {
  DATA_CATEGORIES,
  GRANTORS,
  METHODS,
  ORGANISATION_TYPES,
  organisationName,
  PURPOSES,
} from '../../lib/enums';
import { problemsFor, toFailure, type Failure } from '../../lib/graphql-errors';
import { DirectoryQuery } from '../cases/case.operations';
import { affectedByWithdrawal, type ReferralView } from './consent-rules';
import { CaseConsentsQuery, RecordConsentMutation, WithdrawConsentMutation } from './consent.operations';

export interface ConsentForm {
  recipientKind: 'organisation' | 'type';
  recipientOrganisationId: string;
  recipientOrganisationType: OrganisationType | '';
  dataCategories: DataCategory[];
  purposes: ConsentPurpose[];
  grantor: ConsentGrantor | '';
  method: ConsentMethod | '';
  expiresOn: string;
}

const EMPTY: ConsentForm = {
  recipientKind: 'organisation',
  recipientOrganisationId: '',
  recipientOrganisationType: '',
  dataCategories: [],
  purposes: [],
  grantor: 'SELF',
  method: 'WRITTEN',
  expiresOn: '',
};

/** Checks the choices a consent needs before sending; the API checks again (and names its own field paths). */
export function consentFormProblems(form: ConsentForm): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (form.recipientKind === 'organisation' && !form.recipientOrganisationId)
    problems.push({ path: 'input.recipientOrganisationId', message: '' });
  if (form.recipientKind === 'type' && !form.recipientOrganisationType)
    problems.push({ path: 'input.recipientOrganisationType', message: '' });
  if (form.dataCategories.length === 0) problems.push({ path: 'input.dataCategories', message: '' });
  if (form.purposes.length === 0) problems.push({ path: 'input.purposes', message: '' });
  if (!form.grantor) problems.push({ path: 'input.grantor', message: '' });
  if (!form.method) problems.push({ path: 'input.method', message: '' });
  return problems;
}

export function toRecordConsentInput(
  caseId: string,
  form: ConsentForm,
  idempotencyKey: string,
): RecordConsentInput {
  return {
    caseId,
    idempotencyKey,
    dataCategories: form.dataCategories,
    purposes: form.purposes,
    grantor: form.grantor as ConsentGrantor,
    method: form.method as ConsentMethod,
    recipientOrganisationId: form.recipientKind === 'organisation' ? form.recipientOrganisationId : undefined,
    recipientOrganisationType:
      form.recipientKind === 'type' ? (form.recipientOrganisationType as OrganisationType) : undefined,
    // End of the chosen day, local time.
    expiresAt: form.expiresOn ? new Date(`${form.expiresOn}T23:59:59`).toISOString() : undefined,
  };
}

export function ConsentPanel({
  caseId,
  referrals,
  organisationName: orgName,
  onChanged,
}: {
  caseId: string;
  referrals: readonly ReferralView[];
  organisationName: (id: string) => string;
  onChanged: () => void;
}) {
  const i18n = useI18n();
  const { t, tEnum, dateTime } = i18n;
  const [consents, refetch] = useQuery({
    query: CaseConsentsQuery,
    variables: { caseId },
    requestPolicy: 'cache-and-network',
  });
  const [directory] = useQuery({ query: DirectoryQuery, variables: {} });
  const [form, setForm] = useState<ConsentForm>(EMPTY);
  const [key, setKey] = useState(newIdempotencyKey);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [recorded, setRecorded] = useState(false);
  const [recording, record] = useMutation(RecordConsentMutation);
  const [withdrawing, setWithdrawing] = useState<string | null>(null);
  const set = (patch: Partial<ConsentForm>): void => setForm((f) => ({ ...f, ...patch }));

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setRecorded(false);
    const problems = consentFormProblems(form);
    if (problems.length > 0) {
      setFailure({ kind: 'badInput', fields: problems });
      return;
    }
    const result = await record({ input: toRecordConsentInput(caseId, form, key) });
    if (result.error) {
      setFailure(toFailure(result.error));
      return;
    }
    setFailure(null);
    setForm(EMPTY);
    setKey(newIdempotencyKey());
    setRecorded(true);
    refetch({ requestPolicy: 'network-only' });
    onChanged();
  };

  const p = (path: string) => problemsFor(failure, path);
  const fields: FieldRef[] = [
    {
      path: 'input.recipientOrganisationId',
      id: 'consentRecipient',
      label: t('consent.recipientOrganisation'),
    },
    {
      path: 'input.recipientOrganisationType',
      id: 'consentRecipientType',
      label: t('consent.recipientType'),
    },
    { path: 'input.dataCategories', id: 'consentCategories', label: t('consent.categories') },
    { path: 'input.purposes', id: 'consentPurposes', label: t('consent.purposes') },
    { path: 'input.grantor', id: 'consentGrantor', label: t('consent.grantor') },
    { path: 'input.method', id: 'consentMethod', label: t('consent.method') },
    { path: 'input.expiresAt', id: 'consentExpires', label: t('consent.expiresOn') },
  ];
  const orgs = directory.data?.organisations ?? [];

  return (
    <Section title={t('consent.title')}>
      <FailureNotice failure={consents.error ? toFailure(consents.error) : null} />
      {consents.data && consents.data.caseConsents.length === 0 ? <p>{t('consent.none')}</p> : null}
      {consents.data && consents.data.caseConsents.length > 0 ? (
        <ul className="cards">
          {consents.data.caseConsents.map((c) => (
            <li key={c.id} className="card">
              <p>
                <strong>
                  {c.recipientOrganisationId
                    ? orgName(c.recipientOrganisationId)
                    : t('consent.anyOfType', {
                        type: tEnum('OrganisationType', c.recipientOrganisationType),
                      })}
                </strong>{' '}
                ·{' '}
                {c.inForce
                  ? t('consent.inForce')
                  : c.withdrawnAt
                    ? t('consent.withdrawnAt', { when: dateTime(c.withdrawnAt) })
                    : t('consent.notInForce')}
              </p>
              <p>
                {t('consent.categories')}: {c.dataCategories.map((d) => tEnum('DataCategory', d)).join(', ')}
              </p>
              <p>
                {t('consent.purposes')}: {c.purposes.map((d) => tEnum('ConsentPurpose', d)).join(', ')}
              </p>
              <p>
                {t('consent.grantedAt', { when: dateTime(c.grantedAt) })}
                {c.expiresAt ? ` · ${t('consent.expiresAt', { when: dateTime(c.expiresAt) })}` : ''}
              </p>
              {c.inForce ? (
                withdrawing === c.id ? (
                  <WithdrawConsent
                    consentId={c.id}
                    affected={affectedByWithdrawal(c.id, referrals).map((r) => orgName(r.toOrganisationId))}
                    onDone={() => {
                      setWithdrawing(null);
                      refetch({ requestPolicy: 'network-only' });
                      onChanged();
                    }}
                    onCancel={() => setWithdrawing(null)}
                  />
                ) : (
                  <button
                    type="button"
                    className="button button-warning"
                    onClick={() => setWithdrawing(c.id)}
                  >
                    {t('consent.withdraw')}
                  </button>
                )
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}

      <h3>{t('consent.recordTitle')}</h3>
      {recorded ? (
        <p role="status" className="notice notice-success">
          {t('consent.recorded')}
        </p>
      ) : null}
      <form onSubmit={(e) => void submit(e)} noValidate aria-label={t('consent.recordTitle')}>
        <ErrorSummary failure={failure} fields={fields} />
        <fieldset className="field">
          <legend>{t('consent.recipient')}</legend>
          <div className="radio">
            <input
              type="radio"
              id="recipientKindOrg"
              name="recipientKind"
              checked={form.recipientKind === 'organisation'}
              onChange={() => set({ recipientKind: 'organisation' })}
            />
            <label htmlFor="recipientKindOrg">{t('consent.oneOrganisation')}</label>
          </div>
          <div className="radio">
            <input
              type="radio"
              id="recipientKindType"
              name="recipientKind"
              checked={form.recipientKind === 'type'}
              onChange={() => set({ recipientKind: 'type' })}
            />
            <label htmlFor="recipientKindType">{t('consent.anyOrganisationOfType')}</label>
          </div>
        </fieldset>
        {form.recipientKind === 'organisation' ? (
          <SelectField
            id="consentRecipient"
            label={t('consent.recipientOrganisation')}
            value={form.recipientOrganisationId}
            placeholder={t('common.choose')}
            options={orgs.map((o) => ({
              value: o.id,
              label: `${organisationName(o, i18n.language)} (${tEnum('OrganisationType', o.type)})`,
            }))}
            problems={p('input.recipientOrganisationId')}
            onChange={(v) => set({ recipientOrganisationId: v })}
          />
        ) : (
          <SelectField
            id="consentRecipientType"
            label={t('consent.recipientType')}
            value={form.recipientOrganisationType}
            placeholder={t('common.choose')}
            options={ORGANISATION_TYPES.map((v) => ({ value: v, label: tEnum('OrganisationType', v) }))}
            problems={p('input.recipientOrganisationType')}
            onChange={(v) => set({ recipientOrganisationType: v })}
          />
        )}
        <CheckboxGroup
          id="consentCategories"
          label={t('consent.categories')}
          hint={t('consent.categoriesHint')}
          values={form.dataCategories}
          options={DATA_CATEGORIES.map((d) => ({
            value: d,
            label: tEnum('DataCategory', d),
            hint: tEnum('DataCategoryExplained', d),
          }))}
          problems={p('input.dataCategories')}
          onChange={(v) => set({ dataCategories: v })}
        />
        <CheckboxGroup
          id="consentPurposes"
          label={t('consent.purposes')}
          values={form.purposes}
          options={PURPOSES.map((d) => ({
            value: d,
            label: tEnum('ConsentPurpose', d),
            hint: tEnum('ConsentPurposeExplained', d),
          }))}
          problems={p('input.purposes')}
          onChange={(v) => set({ purposes: v })}
        />
        <SelectField
          id="consentGrantor"
          label={t('consent.grantor')}
          value={form.grantor}
          options={GRANTORS.map((v) => ({ value: v, label: tEnum('ConsentGrantor', v) }))}
          problems={p('input.grantor')}
          onChange={(v) => set({ grantor: v })}
        />
        <SelectField
          id="consentMethod"
          label={t('consent.method')}
          value={form.method}
          options={METHODS.map((v) => ({ value: v, label: tEnum('ConsentMethod', v) }))}
          problems={p('input.method')}
          onChange={(v) => set({ method: v })}
        />
        <TextField
          id="consentExpires"
          type="date"
          label={t('consent.expiresOn')}
          hint={t('consent.expiresHint')}
          value={form.expiresOn}
          problems={p('input.expiresAt')}
          onChange={(v) => set({ expiresOn: v })}
        />
        <button type="submit" className="button" disabled={recording.fetching}>
          {t('consent.record')}
        </button>
      </form>
    </Section>
  );
}

/** Withdrawal: the recipients it stops are listed before the person confirms. */
export function WithdrawConsent({
  consentId,
  affected,
  onDone,
  onCancel,
}: {
  consentId: string;
  affected: readonly string[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [state, withdraw] = useMutation(WithdrawConsentMutation);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!reason.trim()) {
      setFailure({ kind: 'badInput', fields: [{ path: 'reason', message: '' }] });
      return;
    }
    const result = await withdraw({ consentId, reason: reason.trim() });
    if (result.error) setFailure(toFailure(result.error));
    else onDone();
  };
  const reasonId = `withdrawReason-${consentId}`;
  return (
    <form
      className="confirm"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-label={t('consent.withdrawTitle')}
    >
      <ErrorSummary
        failure={failure}
        fields={[{ path: 'reason', id: reasonId, label: t('consent.withdrawReason') }]}
      />
      <h4>{t('consent.withdrawTitle')}</h4>
      {affected.length > 0 ? (
        <>
          <p>{t('consent.withdrawAffects', { count: affected.length })}</p>
          <ul>
            {affected.map((name, i) => (
              <li key={`${name}-${i}`}>{name}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t('consent.withdrawAffectsNone')}</p>
      )}
      <TextField
        id={reasonId}
        label={t('consent.withdrawReason')}
        hint={t('common.noPersonalData')}
        value={reason}
        problems={problemsFor(failure, 'reason')}
        onChange={setReason}
      />
      <div className="button-row">
        <button type="submit" className="button button-warning" disabled={state.fetching}>
          {t('consent.withdrawConfirm')}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
