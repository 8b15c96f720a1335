import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorSummary, FailureNotice, newIdempotencyKey, type FieldRef } from '../../components/forms';
import { Checkbox, CheckboxGroup, Section, SelectField, TextField } from '../../components/inputs';
import { Page } from '../../components/Page';
import {
  type AdminOrganisationFieldsFragment,
  type ContactPointKind,
  type OrganisationType,
  type ServiceType,
} from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { CONTACT_POINT_KINDS, ORGANISATION_TYPES, SERVICE_TYPES } from '../../lib/enums';
import { problemsFor, toFailure, type Failure } from '../../lib/graphql-errors';
import {
  AdminOrganisationsQuery,
  CreateOrganisationMutation,
  DeactivateOrganisationMutation,
  UpdateOrganisationMutation,
} from './admin.operations';

type Organisation = AdminOrganisationFieldsFragment;

interface ContactDraft {
  kind: ContactPointKind;
  value: string;
  label: string;
}

interface Draft {
  nameAz: string;
  nameEn: string;
  nameRu: string;
  type: OrganisationType | '';
  region: string;
  services: ServiceType[];
  acceptsReferrals: boolean;
  contactPoints: ContactDraft[];
  /** Monitoring groups: the regions they cover, one per line. */
  coveredRegions: string;
}

const EMPTY: Draft = {
  nameAz: '',
  nameEn: '',
  nameRu: '',
  type: '',
  region: '',
  services: [],
  acceptsReferrals: true,
  contactPoints: [],
  coveredRegions: '',
};

function draftOf(o: Organisation): Draft {
  return {
    nameAz: o.names.az,
    nameEn: o.names.en ?? '',
    nameRu: o.names.ru ?? '',
    type: o.type,
    region: o.region,
    services: [...o.services],
    acceptsReferrals: o.acceptsReferrals,
    contactPoints: o.contactPoints.map((c) => ({ kind: c.kind, value: c.value, label: c.label ?? '' })),
    coveredRegions: o.coveredRegions.join('\n'),
  };
}

/** The definition the API takes (create and update replace the whole definition). */
function definitionOf(d: Draft) {
  return {
    names: { az: d.nameAz, en: d.nameEn || null, ru: d.nameRu || null },
    // An unchosen type is sent as given: the API names the field (the form never guesses one).
    type: d.type as OrganisationType,
    region: d.region,
    services: d.services,
    acceptsReferrals: d.acceptsReferrals,
    contactPoints: d.contactPoints.map((c) => ({ kind: c.kind, value: c.value, label: c.label || null })),
    coveredRegions:
      d.type === 'MONITORING_GROUP'
        ? d.coveredRegions
            .split('\n')
            .map((r) => r.trim())
            .filter(Boolean)
        : null,
  };
}

/**
 * The coordinator's administrators manage the directory: add, change and deactivate organisations. Deactivation
 * says what it does (no new referrals; pending ones go back to their senders) and asks for confirmation first.
 */
export function OrganisationsPage() {
  const { t, tEnum } = useI18n();
  const [result, reload] = useQuery({ query: AdminOrganisationsQuery });
  const [mode, setMode] = useState<
    { kind: 'create' } | { kind: 'edit'; id: string } | { kind: 'deactivate'; id: string } | null
  >(null);
  const organisations = result.data?.organisations ?? [];
  const chosen = mode && mode.kind !== 'create' ? organisations.find((o) => o.id === mode.id) : undefined;
  const refresh = (): void => reload({ requestPolicy: 'network-only' });
  return (
    <Page
      title={t('organisations.title')}
      actions={
        <button type="button" className="button" onClick={() => setMode({ kind: 'create' })}>
          {t('organisations.add')}
        </button>
      }
    >
      <FailureNotice failure={result.error ? toFailure(result.error) : null} onRetry={refresh} />
      {result.fetching && !result.data ? <p role="status">{t('common.loading')}</p> : null}
      {mode?.kind === 'create' ? <OrganisationForm key="create" onDone={() => setMode(null)} /> : null}
      {mode?.kind === 'edit' && chosen ? (
        <OrganisationForm key={chosen.id} organisation={chosen} onDone={() => setMode(null)} />
      ) : null}
      {mode?.kind === 'deactivate' && chosen ? (
        <DeactivateOrganisation key={chosen.id} organisation={chosen} onDone={() => setMode(null)} />
      ) : null}
      {result.data ? (
        <table className="table">
          <caption className="visually-hidden">{t('organisations.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('organisations.name')}</th>
              <th scope="col">{t('organisations.type')}</th>
              <th scope="col">{t('organisations.region')}</th>
              <th scope="col">{t('organisations.takesReferrals')}</th>
              <th scope="col">{t('staff.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('staff.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {organisations.map((o) => (
              <tr key={o.id}>
                <td>{o.name}</td>
                <td>{tEnum('OrganisationType', o.type)}</td>
                <td>{o.region}</td>
                <td>{o.acceptsReferrals ? t('common.yes') : t('common.no')}</td>
                <td>{o.active ? t('staff.active') : t('staff.inactive')}</td>
                <td>
                  <div className="button-row">
                    <button
                      type="button"
                      className="button button-secondary"
                      aria-label={t('staff.editMember', { name: o.name })}
                      onClick={() => setMode({ kind: 'edit', id: o.id })}
                    >
                      {t('staff.edit')}
                    </button>
                    {o.active ? (
                      <button
                        type="button"
                        className="button button-secondary"
                        aria-label={`${t('organisations.deactivate')}: ${o.name}`}
                        onClick={() => setMode({ kind: 'deactivate', id: o.id })}
                      >
                        {t('organisations.deactivate')}
                      </button>
                    ) : null}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Page>
  );
}

function OrganisationForm({ organisation, onDone }: { organisation?: Organisation; onDone: () => void }) {
  const { t, tEnum } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState<Draft>(organisation ? draftOf(organisation) : EMPTY);
  const [key] = useState(newIdempotencyKey);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [createState, create] = useMutation(CreateOrganisationMutation);
  const [updateState, update] = useMutation(UpdateOrganisationMutation);
  const set = (next: Partial<Draft>): void => setDraft((d) => ({ ...d, ...next }));
  const setContact = (i: number, next: Partial<ContactDraft>): void =>
    set({ contactPoints: draft.contactPoints.map((c, j) => (j === i ? { ...c, ...next } : c)) });
  const fields: FieldRef[] = [
    { path: 'input.names.az', id: `${id}-az`, label: t('organisations.nameAz') },
    { path: 'input.names.en', id: `${id}-en`, label: t('organisations.nameEn') },
    { path: 'input.names.ru', id: `${id}-ru`, label: t('organisations.nameRu') },
    { path: 'input.type', id: `${id}-type`, label: t('organisations.type') },
    { path: 'input.region', id: `${id}-region`, label: t('organisations.region') },
    { path: 'input.services', id: `${id}-services`, label: t('organisations.services') },
    { path: 'input.coveredRegions', id: `${id}-covered`, label: t('organisations.coveredRegions') },
    ...draft.contactPoints.flatMap((_, i) => [
      {
        path: `input.contactPoints.${i}.value`,
        id: `${id}-cp${i}-value`,
        label: t('organisations.contactValue', { n: i + 1 }),
      },
      {
        path: `input.contactPoints.${i}.label`,
        id: `${id}-cp${i}-label`,
        label: t('organisations.contactLabel', { n: i + 1 }),
      },
    ]),
  ];
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const definition = definitionOf(draft);
    const res = organisation
      ? await update({
          input: { ...definition, organisationId: organisation.id, expectedVersion: organisation.version },
        })
      : await create({ input: { ...definition, idempotencyKey: key } });
    if (res.error) {
      setFailure(toFailure(res.error)); // values kept; a retry reuses the key
      return;
    }
    onDone();
  };
  const p = (path: string) => problemsFor(failure, path);
  return (
    <Section
      title={
        organisation ? t('organisations.editTitle', { name: organisation.name }) : t('organisations.addTitle')
      }
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary failure={failure} fields={fields} />
        <TextField
          id={`${id}-az`}
          label={t('organisations.nameAz')}
          value={draft.nameAz}
          onChange={(v) => set({ nameAz: v })}
          problems={p('input.names.az')}
          required
        />
        <TextField
          id={`${id}-en`}
          label={t('organisations.nameEn')}
          value={draft.nameEn}
          onChange={(v) => set({ nameEn: v })}
          problems={p('input.names.en')}
        />
        <TextField
          id={`${id}-ru`}
          label={t('organisations.nameRu')}
          value={draft.nameRu}
          onChange={(v) => set({ nameRu: v })}
          problems={p('input.names.ru')}
        />
        {organisation ? (
          <p>
            {t('organisations.type')}: {tEnum('OrganisationType', organisation.type)}
          </p>
        ) : (
          <SelectField
            id={`${id}-type`}
            label={t('organisations.type')}
            value={draft.type}
            onChange={(v) => set({ type: v })}
            options={ORGANISATION_TYPES.map((o) => ({ value: o, label: tEnum('OrganisationType', o) }))}
            placeholder={t('common.choose')}
            problems={p('input.type')}
          />
        )}
        <TextField
          id={`${id}-region`}
          label={t('organisations.region')}
          hint={t('organisations.regionHint')}
          value={draft.region}
          onChange={(v) => set({ region: v })}
          problems={p('input.region')}
          required
        />
        <CheckboxGroup
          id={`${id}-services`}
          label={t('organisations.services')}
          values={draft.services}
          onChange={(services) => set({ services })}
          options={SERVICE_TYPES.map((s) => ({ value: s, label: tEnum('ServiceType', s) }))}
          problems={p('input.services')}
        />
        <Checkbox
          id={`${id}-accepts`}
          label={t('organisations.takesReferrals')}
          checked={draft.acceptsReferrals}
          onChange={(v) => set({ acceptsReferrals: v })}
        />
        {draft.type === 'MONITORING_GROUP' ? (
          <TextField
            id={`${id}-covered`}
            label={t('organisations.coveredRegions')}
            hint={t('organisations.coveredRegionsHint')}
            value={draft.coveredRegions}
            onChange={(v) => set({ coveredRegions: v })}
            problems={p('input.coveredRegions')}
            multiline
          />
        ) : null}
        <fieldset className="field">
          <legend>{t('organisations.contactPoints')}</legend>
          <p className="hint">{t('organisations.contactPointsHint')}</p>
          {draft.contactPoints.map((c, i) => (
            <div className="contact-point" key={i}>
              <SelectField
                id={`${id}-cp${i}-kind`}
                label={t('organisations.contactKind', { n: i + 1 })}
                value={c.kind}
                onChange={(v) => setContact(i, { kind: v || 'PHONE' })}
                options={CONTACT_POINT_KINDS.map((k) => ({ value: k, label: tEnum('ContactPointKind', k) }))}
              />
              <TextField
                id={`${id}-cp${i}-value`}
                label={t('organisations.contactValue', { n: i + 1 })}
                value={c.value}
                onChange={(v) => setContact(i, { value: v })}
                problems={p(`input.contactPoints.${i}.value`)}
              />
              <TextField
                id={`${id}-cp${i}-label`}
                label={t('organisations.contactLabel', { n: i + 1 })}
                value={c.label}
                onChange={(v) => setContact(i, { label: v })}
                problems={p(`input.contactPoints.${i}.label`)}
              />
              <button
                type="button"
                className="button button-secondary"
                onClick={() => set({ contactPoints: draft.contactPoints.filter((_, j) => j !== i) })}
              >
                {t('organisations.removeContact', { n: i + 1 })}
              </button>
            </div>
          ))}
          <button
            type="button"
            className="button button-secondary"
            onClick={() =>
              set({ contactPoints: [...draft.contactPoints, { kind: 'PHONE', value: '', label: '' }] })
            }
          >
            {t('organisations.addContact')}
          </button>
        </fieldset>
        <div className="button-row">
          <button type="submit" className="button" disabled={createState.fetching || updateState.fetching}>
            {organisation ? t('staff.save') : t('organisations.add')}
          </button>
          <button type="button" className="button button-secondary" onClick={onDone}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Section>
  );
}

function DeactivateOrganisation({
  organisation,
  onDone,
}: {
  organisation: Organisation;
  onDone: () => void;
}) {
  const { t, number } = useI18n();
  const [failure, setFailure] = useState<Failure | null>(null);
  const [rerouted, setRerouted] = useState<number | null>(null);
  const [state, deactivate] = useMutation(DeactivateOrganisationMutation);
  const confirm = async (): Promise<void> => {
    const res = await deactivate({
      input: { organisationId: organisation.id, expectedVersion: organisation.version },
    });
    if (res.error || !res.data) {
      if (res.error) setFailure(toFailure(res.error));
      return;
    }
    setFailure(null);
    setRerouted(res.data.deactivateOrganisation.reroutedReferralIds.length);
  };
  if (rerouted !== null)
    return (
      <div className="notice" role="status">
        <p>{t('organisations.deactivated', { name: organisation.name, count: number(rerouted) })}</p>
        <button type="button" className="button button-secondary" onClick={onDone}>
          {t('organisations.done')}
        </button>
      </div>
    );
  return (
    <Section title={t('organisations.deactivateTitle', { name: organisation.name })}>
      <FailureNotice failure={failure} />
      <ul>
        <li>{t('organisations.deactivateNoNew')}</li>
        <li>{t('organisations.deactivatePending')}</li>
        <li>{t('organisations.deactivateDirectory')}</li>
      </ul>
      <div className="button-row">
        <button
          type="button"
          className="button button-warning"
          disabled={state.fetching}
          onClick={() => void confirm()}
        >
          {t('organisations.confirmDeactivate')}
        </button>
        <button type="button" className="button button-secondary" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </Section>
  );
}
