import { useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import type {
  ConsentPurpose,
  CreateReferralInput,
  DataCategory,
  LegalBasis,
  OrganisationType,
  ServiceType,
} from '../../gql/graphql';
import { ErrorSummary, newIdempotencyKey, type FieldRef } from '../../components/forms';
import { Checkbox, CheckboxGroup, SelectField, TextField } from '../../components/inputs';
import { Page } from '../../components/Page';
import { Link, navigate } from '../../app/router';
import { useI18n } from '../../i18n/i18n';
import {
  DATA_CATEGORIES,
  LEGAL_BASES,
  ORGANISATION_TYPES,
  organisationName,
  PURPOSES,
  SERVICE_TYPES,
} from '../../lib/enums';
import { problemsFor, toFailure, type Failure } from '../../lib/graphql-errors';
import { DirectoryQuery } from '../cases/case.operations';
import { missingCategories } from '../consents/consent-rules';
import { CaseConsentsQuery } from '../consents/consent.operations';
import { CreateReferralMutation } from './referral.operations';

export interface ReferForm {
  type: OrganisationType | '';
  region: string;
  service: ServiceType | '';
  toOrganisationId: string;
  serviceType: ServiceType | '';
  purpose: ConsentPurpose | '';
  dataCategories: DataCategory[];
  override: boolean;
  basis: LegalBasis | '';
  justification: string;
}

const EMPTY: ReferForm = {
  type: 'SSA',
  region: '',
  service: '',
  toOrganisationId: '',
  serviceType: '',
  purpose: '',
  dataCategories: [],
  override: false,
  basis: '',
  justification: '',
};

export function referFormProblems(form: ReferForm): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (!form.toOrganisationId) problems.push({ path: 'input.toOrganisationId', message: '' });
  if (!form.serviceType) problems.push({ path: 'input.serviceType', message: '' });
  if (!form.purpose) problems.push({ path: 'input.purpose', message: '' });
  if (form.dataCategories.length === 0) problems.push({ path: 'input.dataCategories', message: '' });
  if (form.override && !form.basis) problems.push({ path: 'input.legalOverride.basis', message: '' });
  if (form.override && !form.justification.trim())
    problems.push({ path: 'input.legalOverride.justification', message: '' });
  return problems;
}

export function toCreateReferralInput(
  caseId: string,
  form: ReferForm,
  idempotencyKey: string,
): CreateReferralInput {
  return {
    caseId,
    idempotencyKey,
    toOrganisationId: form.toOrganisationId,
    serviceType: form.serviceType as ServiceType,
    purpose: form.purpose as ConsentPurpose,
    dataCategories: form.dataCategories,
    legalOverride: form.override
      ? { basis: form.basis as LegalBasis, justification: form.justification.trim() }
      : undefined,
  };
}

export function ReferPage({ caseId }: { caseId: string }) {
  const i18n = useI18n();
  const { t, tEnum } = i18n;
  const [form, setForm] = useState<ReferForm>(EMPTY);
  const [key, setKey] = useState(newIdempotencyKey);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [sending, createReferral] = useMutation(CreateReferralMutation);
  const directoryVars = useMemo(
    () => ({ type: form.type || null, region: form.region.trim() || null }),
    [form.type, form.region],
  );
  const [directory] = useQuery({ query: DirectoryQuery, variables: directoryVars });
  const [consents] = useQuery({
    query: CaseConsentsQuery,
    variables: { caseId },
    requestPolicy: 'cache-and-network',
  });
  const set = (patch: Partial<ReferForm>): void => setForm((f) => ({ ...f, ...patch }));

  const candidates = (directory.data?.organisations ?? []).filter(
    (o) => o.acceptsReferrals && (!form.service || o.services.includes(form.service)),
  );
  const recipient = candidates.find((o) => o.id === form.toOrganisationId);
  const precheck =
    recipient && form.purpose && form.dataCategories.length > 0
      ? missingCategories(consents.data?.caseConsents ?? [], recipient, form.purpose, form.dataCategories)
      : null;
  const apiMissing = failure?.kind === 'forbidden' ? failure.missingCategories : [];

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const problems = referFormProblems(form);
    if (problems.length > 0) {
      setFailure({ kind: 'badInput', fields: problems });
      return;
    }
    const result = await createReferral({ input: toCreateReferralInput(caseId, form, key) });
    if (result.error) {
      setFailure(toFailure(result.error));
      return;
    }
    if (result.data) {
      setKey(newIdempotencyKey());
      navigate({ name: 'referral', referralId: result.data.createReferral.id });
    }
  };

  const p = (path: string) => problemsFor(failure, path);
  const fields: FieldRef[] = [
    { path: 'input.toOrganisationId', id: 'recipient', label: t('refer.recipient') },
    { path: 'input.serviceType', id: 'serviceType', label: t('refer.serviceType') },
    { path: 'input.purpose', id: 'purpose', label: t('refer.purpose') },
    { path: 'input.dataCategories', id: 'categories', label: t('refer.categories') },
    { path: 'input.legalOverride.basis', id: 'basis', label: t('refer.basis') },
    { path: 'input.legalOverride.justification', id: 'justification', label: t('refer.justification') },
  ];

  return (
    <Page
      title={t('refer.title')}
      actions={<Link to={{ name: 'case', caseId }}>{t('refer.backToCase')}</Link>}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary failure={failure} fields={fields}>
          {apiMissing.length > 0 ? (
            <p>
              {t('refer.missingFromApi')}: {apiMissing.map((d) => tEnum('DataCategory', d)).join(', ')}
            </p>
          ) : null}
        </ErrorSummary>
        <fieldset className="fieldset">
          <legend>{t('refer.directory')}</legend>
          <div className="form-inline">
            <SelectField
              id="dirType"
              label={t('refer.filterType')}
              value={form.type}
              placeholder={t('common.any')}
              options={ORGANISATION_TYPES.map((v) => ({ value: v, label: tEnum('OrganisationType', v) }))}
              onChange={(v) => set({ type: v, toOrganisationId: '' })}
            />
            <TextField
              id="dirRegion"
              label={t('refer.filterRegion')}
              value={form.region}
              onChange={(v) => set({ region: v, toOrganisationId: '' })}
            />
            <SelectField
              id="dirService"
              label={t('refer.filterService')}
              value={form.service}
              placeholder={t('common.any')}
              options={SERVICE_TYPES.map((v) => ({ value: v, label: tEnum('ServiceType', v) }))}
              onChange={(v) => set({ service: v, toOrganisationId: '' })}
            />
          </div>
          <SelectField
            id="recipient"
            label={t('refer.recipient')}
            value={form.toOrganisationId}
            placeholder={candidates.length === 0 ? t('refer.noRecipients') : t('common.choose')}
            options={candidates.map((o) => ({
              value: o.id,
              label: `${organisationName(o, i18n.language)} · ${o.region}`,
            }))}
            problems={p('input.toOrganisationId')}
            onChange={(v) => set({ toOrganisationId: v, serviceType: '' })}
          />
        </fieldset>
        <SelectField
          id="serviceType"
          label={t('refer.serviceType')}
          value={form.serviceType}
          placeholder={t('common.choose')}
          options={(recipient?.services ?? []).map((v) => ({ value: v, label: tEnum('ServiceType', v) }))}
          problems={p('input.serviceType')}
          onChange={(v) => set({ serviceType: v })}
        />
        <SelectField
          id="purpose"
          label={t('refer.purpose')}
          value={form.purpose}
          placeholder={t('common.choose')}
          options={PURPOSES.map((v) => ({ value: v, label: tEnum('ConsentPurpose', v) }))}
          problems={p('input.purpose')}
          onChange={(v) => set({ purpose: v })}
        />
        <CheckboxGroup
          id="categories"
          label={t('refer.categories')}
          hint={t('refer.categoriesHint')}
          values={form.dataCategories}
          options={DATA_CATEGORIES.map((d) => ({
            value: d,
            label: tEnum('DataCategory', d),
            hint: tEnum('DataCategoryExplained', d),
          }))}
          problems={p('input.dataCategories')}
          onChange={(v) => set({ dataCategories: v })}
        />
        {precheck ? (
          <div
            className={precheck.length > 0 ? 'notice notice-warning' : 'notice notice-success'}
            role="status"
          >
            {precheck.length > 0 ? (
              <p>
                {t('refer.consentMissing')}: {precheck.map((d) => tEnum('DataCategory', d)).join(', ')}
              </p>
            ) : (
              <p>{t('refer.consentCovers')}</p>
            )}
          </div>
        ) : null}
        <Checkbox
          id="override"
          label={t('refer.override')}
          checked={form.override}
          onChange={(v) => set({ override: v })}
        />
        {form.override ? (
          <fieldset className="fieldset">
            <legend>{t('refer.overrideTitle')}</legend>
            <p className="hint">{t('refer.overrideHint')}</p>
            <SelectField
              id="basis"
              label={t('refer.basis')}
              value={form.basis}
              placeholder={t('common.choose')}
              options={LEGAL_BASES.map((v) => ({ value: v, label: tEnum('LegalBasis', v) }))}
              problems={p('input.legalOverride.basis')}
              onChange={(v) => set({ basis: v })}
            />
            <TextField
              id="justification"
              multiline
              label={t('refer.justification')}
              hint={t('common.noPersonalData')}
              value={form.justification}
              problems={p('input.legalOverride.justification')}
              onChange={(v) => set({ justification: v })}
            />
          </fieldset>
        ) : null}
        <button type="submit" className="button" disabled={sending.fetching}>
          {t('refer.submit')}
        </button>
      </form>
    </Page>
  );
}
