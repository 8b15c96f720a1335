import { useState, type FormEvent } from 'react';
import { useClient, useMutation } from 'urql';
import type {
  CallerType,
  CaseCategory,
  ChildAgeBand,
  ContactChannel,
  IncidentPlaceType,
  OpenCaseInput,
  RiskLevel,
} from '../../gql/graphql';
import { ErrorSummary, newIdempotencyKey, type FieldRef } from '../../components/forms';
import { Checkbox, SelectField, TextField, Section } from '../../components/inputs';
import { Page } from '../../components/Page';
import { Link, navigate } from '../../app/router';
import { useI18n } from '../../i18n/i18n';
import { problemsFor, toFailure, type Failure } from '../../lib/graphql-errors';
import {
  CALLER_TYPES,
  CASE_CATEGORIES,
  CHILD_AGE_BANDS,
  CONTACT_CHANNELS,
  PLACE_TYPES,
  RISK_LEVELS,
} from '../../lib/enums';
import { FindDuplicatesQuery, OpenCaseMutation } from './case.operations';

interface Duplicate {
  caseId: string;
  caseCode: string;
  matchedOn: readonly string[];
  openedAt: string;
  status: string;
}

export interface OpenCaseForm {
  anonymous: boolean;
  callerType: CallerType | '';
  category: CaseCategory | '';
  channel: ContactChannel | '';
  riskLevel: RiskLevel | '';
  isChild: boolean;
  childAgeBand: ChildAgeBand | '';
  fullName: string;
  phone: string;
  dateOfBirth: string;
  address: string;
  narrative: string;
  healthNotes: string;
  incidentDate: string;
  placeType: IncidentPlaceType | '';
}

const EMPTY: OpenCaseForm = {
  anonymous: false,
  callerType: '',
  category: '',
  channel: '',
  riskLevel: '',
  isChild: false,
  childAgeBand: '',
  fullName: '',
  phone: '',
  dateOfBirth: '',
  address: '',
  narrative: '',
  healthNotes: '',
  incidentDate: '',
  placeType: '',
};

const blank = (s: string): string | undefined => (s.trim() === '' ? undefined : s.trim());

/**
 * The API input for the form. Empty choices are sent as they are (the API answers BAD_USER_INPUT naming the field, so
 * there is one source of validation); an anonymous contact sends no survivor.
 */
export function toOpenCaseInput(form: OpenCaseForm, idempotencyKey: string): OpenCaseInput {
  const survivor = form.anonymous
    ? undefined
    : {
        fullName: blank(form.fullName),
        phone: blank(form.phone),
        dateOfBirth: blank(form.dateOfBirth),
        address: blank(form.address),
        narrative: blank(form.narrative),
        healthNotes: blank(form.healthNotes),
      };
  const incident =
    form.incidentDate || form.placeType
      ? { date: blank(form.incidentDate), placeType: form.placeType || undefined }
      : undefined;
  return {
    idempotencyKey,
    anonymous: form.anonymous,
    callerType: form.callerType as CallerType,
    category: form.category as CaseCategory,
    channel: form.channel as ContactChannel,
    riskLevel: form.riskLevel as RiskLevel,
    isChild: form.isChild,
    childAgeBand: form.isChild && form.childAgeBand ? form.childAgeBand : undefined,
    survivor,
    incident,
  };
}

/** Choices the form requires before anything is sent (the API would refuse an empty enum before reading it). */
export function missingChoices(form: OpenCaseForm): { path: string; message: string }[] {
  const required: [keyof OpenCaseForm, string][] = [
    ['callerType', 'input.callerType'],
    ['category', 'input.category'],
    ['channel', 'input.channel'],
    ['riskLevel', 'input.riskLevel'],
  ];
  return required.filter(([field]) => form[field] === '').map(([, path]) => ({ path, message: '' }));
}

export function OpenCase() {
  const i18n = useI18n();
  const { t, tEnum, dateTime } = i18n;
  const client = useClient();
  // Search terms stay in this component's state: never in the address bar.
  const [search, setSearch] = useState({ fullName: '', phone: '' });
  const [searchFailure, setSearchFailure] = useState<Failure | null>(null);
  const [duplicates, setDuplicates] = useState<readonly Duplicate[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [form, setForm] = useState<OpenCaseForm>(EMPTY);
  const [key, setKey] = useState(newIdempotencyKey);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [opening, openCase] = useMutation(OpenCaseMutation);
  const set = (patch: Partial<OpenCaseForm>): void => setForm((f) => ({ ...f, ...patch }));

  const runSearch = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setSearching(true);
    const result = await client
      .query(
        FindDuplicatesQuery,
        { fullName: blank(search.fullName) ?? null, phone: blank(search.phone) ?? null },
        { requestPolicy: 'network-only' },
      )
      .toPromise();
    setSearching(false);
    if (result.error) {
      setSearchFailure(toFailure(result.error));
      return;
    }
    setSearchFailure(null);
    setDuplicates(result.data?.findPossibleDuplicates ?? []);
    set({ fullName: search.fullName, phone: search.phone });
  };

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const missing = missingChoices(form);
    if (missing.length > 0) {
      setFailure({ kind: 'badInput', fields: missing });
      return;
    }
    const result = await openCase({ input: toOpenCaseInput(form, key) });
    if (result.error) {
      setFailure(toFailure(result.error));
      return;
    }
    if (result.data) {
      setKey(newIdempotencyKey());
      navigate({ name: 'case', caseId: result.data.openCase.id });
    }
  };

  const p = (path: string) => problemsFor(failure, path);
  const fields: FieldRef[] = [
    { path: 'input.callerType', id: 'callerType', label: t('openCase.callerType') },
    { path: 'input.category', id: 'category', label: t('openCase.category') },
    { path: 'input.channel', id: 'channel', label: t('openCase.channel') },
    { path: 'input.riskLevel', id: 'riskLevel', label: t('openCase.riskLevel') },
    { path: 'input.childAgeBand', id: 'childAgeBand', label: t('openCase.childAgeBand') },
    { path: 'input.survivor.fullName', id: 'fullName', label: t('person.fullName') },
    { path: 'input.survivor.phone', id: 'phone', label: t('person.phone') },
    { path: 'input.survivor.dateOfBirth', id: 'dateOfBirth', label: t('person.dateOfBirth') },
    { path: 'input.survivor.address', id: 'address', label: t('person.address') },
    { path: 'input.survivor.narrative', id: 'narrative', label: t('person.narrative') },
    { path: 'input.survivor.healthNotes', id: 'healthNotes', label: t('person.healthNotes') },
    { path: 'input.incident.date', id: 'incidentDate', label: t('openCase.incidentDate') },
    { path: 'input.incident.placeType', id: 'placeType', label: t('openCase.placeType') },
  ];
  const options = <T extends string>(enumName: string, values: readonly T[]) =>
    values.map((value) => ({ value, label: tEnum(enumName, value) }));

  return (
    <Page title={t('openCase.title')}>
      <Section title={t('openCase.searchTitle')}>
        <p>{t('openCase.searchIntro')}</p>
        <form
          onSubmit={(e) => void runSearch(e)}
          className="form-inline"
          aria-label={t('openCase.searchTitle')}
        >
          <TextField
            id="searchName"
            label={t('person.fullName')}
            value={search.fullName}
            onChange={(v) => setSearch((s) => ({ ...s, fullName: v }))}
          />
          <TextField
            id="searchPhone"
            type="tel"
            label={t('person.phone')}
            value={search.phone}
            onChange={(v) => setSearch((s) => ({ ...s, phone: v }))}
          />
          <button type="submit" className="button" disabled={searching}>
            {t('openCase.search')}
          </button>
        </form>
        <ErrorSummary failure={searchFailure} fields={[]} />
        {duplicates ? (
          duplicates.length === 0 ? (
            <p role="status">{t('openCase.noDuplicates')}</p>
          ) : (
            <div role="status">
              <p>{t('openCase.duplicatesFound', { count: duplicates.length })}</p>
              <ul className="list">
                {duplicates.map((d) => (
                  <li key={d.caseId}>
                    <Link to={{ name: 'case', caseId: d.caseId }}>{d.caseCode}</Link> ·{' '}
                    {tEnum('CaseStatus', d.status)} · {dateTime(d.openedAt)} · {t('openCase.matchedOn')}:{' '}
                    {d.matchedOn.map((m) => tEnum('DuplicateMatch', m)).join(', ')}
                  </li>
                ))}
              </ul>
            </div>
          )
        ) : null}
      </Section>

      {duplicates !== null ? (
        <Section title={t('openCase.formTitle')}>
          <form onSubmit={(e) => void submit(e)} noValidate>
            <ErrorSummary failure={failure} fields={fields} />
            <Checkbox
              id="anonymous"
              label={t('openCase.anonymous')}
              checked={form.anonymous}
              onChange={(v) => set({ anonymous: v })}
            />
            <SelectField
              id="callerType"
              label={t('openCase.callerType')}
              value={form.callerType}
              placeholder={t('common.choose')}
              options={options('CallerType', CALLER_TYPES)}
              problems={p('input.callerType')}
              onChange={(v) => set({ callerType: v })}
            />
            <SelectField
              id="category"
              label={t('openCase.category')}
              value={form.category}
              placeholder={t('common.choose')}
              options={options('CaseCategory', CASE_CATEGORIES)}
              problems={p('input.category')}
              onChange={(v) => set({ category: v })}
            />
            <SelectField
              id="channel"
              label={t('openCase.channel')}
              value={form.channel}
              placeholder={t('common.choose')}
              options={options('ContactChannel', CONTACT_CHANNELS)}
              problems={p('input.channel')}
              onChange={(v) => set({ channel: v })}
            />
            <SelectField
              id="riskLevel"
              label={t('openCase.riskLevel')}
              value={form.riskLevel}
              placeholder={t('common.choose')}
              options={options('RiskLevel', RISK_LEVELS)}
              problems={p('input.riskLevel')}
              onChange={(v) => set({ riskLevel: v })}
            />
            <Checkbox
              id="isChild"
              label={t('openCase.isChild')}
              checked={form.isChild}
              onChange={(v) => set({ isChild: v })}
            />
            {form.isChild ? (
              <SelectField
                id="childAgeBand"
                label={t('openCase.childAgeBand')}
                value={form.childAgeBand}
                placeholder={t('common.choose')}
                options={options('ChildAgeBand', CHILD_AGE_BANDS)}
                problems={p('input.childAgeBand')}
                onChange={(v) => set({ childAgeBand: v })}
              />
            ) : null}
            {!form.anonymous ? (
              <fieldset className="fieldset">
                <legend>{t('openCase.survivorTitle')}</legend>
                <TextField
                  id="fullName"
                  label={t('person.fullName')}
                  value={form.fullName}
                  problems={p('input.survivor.fullName')}
                  onChange={(v) => set({ fullName: v })}
                />
                <TextField
                  id="phone"
                  type="tel"
                  label={t('person.phone')}
                  value={form.phone}
                  problems={p('input.survivor.phone')}
                  onChange={(v) => set({ phone: v })}
                />
                <TextField
                  id="dateOfBirth"
                  type="date"
                  label={t('person.dateOfBirth')}
                  value={form.dateOfBirth}
                  problems={p('input.survivor.dateOfBirth')}
                  onChange={(v) => set({ dateOfBirth: v })}
                />
                <TextField
                  id="address"
                  label={t('person.address')}
                  value={form.address}
                  problems={p('input.survivor.address')}
                  onChange={(v) => set({ address: v })}
                />
                <TextField
                  id="narrative"
                  multiline
                  label={t('person.narrative')}
                  value={form.narrative}
                  problems={p('input.survivor.narrative')}
                  onChange={(v) => set({ narrative: v })}
                />
                <TextField
                  id="healthNotes"
                  multiline
                  label={t('person.healthNotes')}
                  value={form.healthNotes}
                  problems={p('input.survivor.healthNotes')}
                  onChange={(v) => set({ healthNotes: v })}
                />
              </fieldset>
            ) : null}
            <fieldset className="fieldset">
              <legend>{t('openCase.incidentTitle')}</legend>
              <TextField
                id="incidentDate"
                type="date"
                label={t('openCase.incidentDate')}
                value={form.incidentDate}
                problems={p('input.incident.date')}
                onChange={(v) => set({ incidentDate: v })}
              />
              <SelectField
                id="placeType"
                label={t('openCase.placeType')}
                value={form.placeType}
                placeholder={t('common.notKnown')}
                options={options('IncidentPlaceType', PLACE_TYPES)}
                problems={p('input.incident.placeType')}
                onChange={(v) => set({ placeType: v })}
              />
            </fieldset>
            <button type="submit" className="button" disabled={opening.fetching}>
              {t('openCase.submit')}
            </button>
          </form>
        </Section>
      ) : null}
    </Page>
  );
}
