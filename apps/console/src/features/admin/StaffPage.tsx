import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { useMe } from '../../app/MeGate';
import { ErrorSummary, FailureNotice, newIdempotencyKey, type FieldRef } from '../../components/forms';
import { CheckboxGroup, Section, SelectField, TextField } from '../../components/inputs';
import { Page } from '../../components/Page';
import { type PreferredLanguage, type StaffMemberFieldsFragment, type StaffRole } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { problemsFor, toFailure, type Failure } from '../../lib/graphql-errors';
import {
  AddStaffMemberMutation,
  DeactivateStaffMemberMutation,
  ReactivateStaffMemberMutation,
  StaffMembersQuery,
  UpdateStaffMemberMutation,
} from './admin.operations';

export const STAFF_ROLES: readonly StaffRole[] = [
  'INTAKE_OFFICER',
  'CASE_MANAGER',
  'LAWYER',
  'PSYCHOLOGIST',
  'SUPERVISOR',
  'AGENCY_OFFICER',
  'MONITORING_OFFICER',
  'AUDITOR',
  'ORGANISATION_ADMIN',
  'ADMINISTRATOR',
];
const LANGUAGES: readonly PreferredLanguage[] = ['AZ', 'EN', 'RU'];

type Member = StaffMemberFieldsFragment;

interface Draft {
  username: string;
  displayName: string;
  roles: StaffRole[];
  supervisorId: string;
  language: PreferredLanguage;
  identitySubject: string;
}

const EMPTY: Draft = {
  username: '',
  displayName: '',
  roles: [],
  supervisorId: '',
  language: 'AZ',
  identitySubject: '',
};

/**
 * An organisation administrator's staff screen (their own organisation): the list, adding a member (idempotent: the
 * key is kept until the API answers, so a retry never adds two), changing roles, supervisor and language, and
 * deactivating or reactivating. The API enforces every rule (own organisation only, the last administrator).
 */
export function StaffPage() {
  const { t, tEnum } = useI18n();
  const me = useMe();
  const [result, reload] = useQuery({
    query: StaffMembersQuery,
    variables: { organisationId: me.organisation.id },
  });
  const [editing, setEditing] = useState<string | null>(null);
  const members = result.data?.staffMembers ?? [];
  const readFailure = result.error ? toFailure(result.error) : null;
  const refresh = (): void => reload({ requestPolicy: 'network-only' });
  const nameOf = (id: string | null | undefined): string =>
    members.find((m) => m.id === id)?.displayName ?? (id ? t('common.otherOrganisation') : t('common.none'));
  const current = members.find((m) => m.id === editing) ?? null;

  return (
    <Page title={t('staff.title')}>
      <p>{t('staff.intro', { organisation: me.organisation.name })}</p>
      <FailureNotice failure={readFailure} onRetry={refresh} />
      {result.fetching && !result.data ? <p role="status">{t('common.loading')}</p> : null}
      {result.data ? (
        <table className="table">
          <caption className="visually-hidden">{t('staff.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('staff.displayName')}</th>
              <th scope="col">{t('staff.username')}</th>
              <th scope="col">{t('staff.roles')}</th>
              <th scope="col">{t('staff.supervisor')}</th>
              <th scope="col">{t('staff.language')}</th>
              <th scope="col">{t('staff.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('staff.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id}>
                <td>{m.displayName}</td>
                <td>{m.username}</td>
                <td>{m.roles.map((r) => tEnum('StaffRole', r)).join(', ') || t('common.none')}</td>
                <td>{nameOf(m.supervisorId)}</td>
                <td>{tEnum('PreferredLanguage', m.preferredLanguage)}</td>
                <td>{m.active ? t('staff.active') : t('staff.inactive')}</td>
                <td>
                  <button
                    type="button"
                    className="button button-secondary"
                    aria-label={t('staff.editMember', { name: m.displayName })}
                    onClick={() => setEditing(m.id)}
                  >
                    {t('staff.edit')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {current ? (
        <EditMember
          key={current.id}
          member={current}
          members={members}
          isSelf={current.id === me.id}
          onClose={() => setEditing(null)}
        />
      ) : null}
      <AddMember organisationId={me.organisation.id} members={members} onAdded={refresh} />
    </Page>
  );
}

function supervisorOptions(members: readonly Member[], exceptId?: string) {
  return members
    .filter((m) => m.active && m.id !== exceptId)
    .map((m) => ({ value: m.id, label: m.displayName }));
}

function AddMember({
  organisationId,
  members,
  onAdded,
}: {
  organisationId: string;
  members: readonly Member[];
  onAdded: () => void;
}) {
  const { t, tEnum } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [key, setKey] = useState(newIdempotencyKey);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const [state, add] = useMutation(AddStaffMemberMutation);
  const update = (next: Partial<Draft>): void => setDraft((d) => ({ ...d, ...next }));
  const fields: FieldRef[] = [
    { path: 'input.username', id: `${id}-username`, label: t('staff.username') },
    { path: 'input.displayName', id: `${id}-name`, label: t('staff.displayName') },
    { path: 'input.roles', id: `${id}-roles`, label: t('staff.roles') },
    { path: 'input.supervisorId', id: `${id}-supervisor`, label: t('staff.supervisor') },
    { path: 'input.preferredLanguage', id: `${id}-language`, label: t('staff.language') },
    { path: 'input.identity.subject', id: `${id}-identity`, label: t('staff.identity') },
  ];
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setAdded(null);
    const res = await add({
      input: {
        organisationId,
        username: draft.username,
        displayName: draft.displayName,
        roles: draft.roles,
        supervisorId: draft.supervisorId || null,
        preferredLanguage: draft.language,
        identity: draft.identitySubject ? { subject: draft.identitySubject } : null,
        idempotencyKey: key,
      },
    });
    if (res.error) {
      setFailure(toFailure(res.error)); // the values stay; the same key is reused on retry
      return;
    }
    setFailure(null);
    setAdded(res.data?.addStaffMember.displayName ?? null);
    setDraft(EMPTY);
    setKey(newIdempotencyKey());
    onAdded();
  };
  const problems = (path: string) => problemsFor(failure, path);
  return (
    <Section title={t('staff.addTitle')}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary failure={failure} fields={fields} />
        {added ? (
          <p className="notice" role="status">
            {t('staff.added', { name: added })}
          </p>
        ) : null}
        <TextField
          id={`${id}-username`}
          label={t('staff.username')}
          hint={t('staff.usernameHint')}
          value={draft.username}
          onChange={(v) => update({ username: v })}
          problems={problems('input.username')}
          required
        />
        <TextField
          id={`${id}-name`}
          label={t('staff.displayName')}
          value={draft.displayName}
          onChange={(v) => update({ displayName: v })}
          problems={problems('input.displayName')}
          required
        />
        <CheckboxGroup
          id={`${id}-roles`}
          label={t('staff.roles')}
          hint={t('staff.rolesHint')}
          values={draft.roles}
          onChange={(roles) => update({ roles })}
          options={STAFF_ROLES.map((r) => ({ value: r, label: tEnum('StaffRole', r) }))}
          problems={problems('input.roles')}
        />
        <SelectField
          id={`${id}-supervisor`}
          label={t('staff.supervisor')}
          value={draft.supervisorId}
          onChange={(v) => update({ supervisorId: v })}
          options={supervisorOptions(members)}
          placeholder={t('common.none')}
          problems={problems('input.supervisorId')}
        />
        <SelectField
          id={`${id}-language`}
          label={t('staff.language')}
          value={draft.language}
          onChange={(v) => update({ language: v || 'AZ' })}
          options={LANGUAGES.map((l) => ({ value: l, label: tEnum('PreferredLanguage', l) }))}
          problems={problems('input.preferredLanguage')}
        />
        <TextField
          id={`${id}-identity`}
          label={t('staff.identity')}
          hint={t('staff.identityHint')}
          value={draft.identitySubject}
          onChange={(v) => update({ identitySubject: v })}
          problems={problems('input.identity.subject')}
        />
        <button type="submit" className="button" disabled={state.fetching}>
          {t('staff.add')}
        </button>
      </form>
    </Section>
  );
}

function EditMember({
  member,
  members,
  isSelf,
  onClose,
}: {
  member: Member;
  members: readonly Member[];
  isSelf: boolean;
  onClose: () => void;
}) {
  const { t, tEnum } = useI18n();
  const id = useId();
  const [roles, setRoles] = useState<StaffRole[]>([...member.roles]);
  const [supervisorId, setSupervisorId] = useState(member.supervisorId ?? '');
  const [language, setLanguage] = useState<PreferredLanguage>(member.preferredLanguage);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [saved, setSaved] = useState(false);
  const [updateState, update] = useMutation(UpdateStaffMemberMutation);
  const [deactivateState, deactivate] = useMutation(DeactivateStaffMemberMutation);
  const [reactivateState, reactivate] = useMutation(ReactivateStaffMemberMutation);
  const busy = updateState.fetching || deactivateState.fetching || reactivateState.fetching;
  const fields: FieldRef[] = [
    { path: 'input.roles', id: `${id}-roles`, label: t('staff.roles') },
    { path: 'input.supervisorId', id: `${id}-supervisor`, label: t('staff.supervisor') },
    { path: 'input.preferredLanguage', id: `${id}-language`, label: t('staff.language') },
  ];
  const settle = (error: Parameters<typeof toFailure>[0] | undefined): void => {
    setFailure(error ? toFailure(error) : null);
    setSaved(!error);
  };
  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const res = await update({
      input: {
        staffId: member.id,
        expectedVersion: member.version,
        roles,
        supervisorId: supervisorId || null,
        preferredLanguage: language,
      },
    });
    settle(res.error);
  };
  const toggle = async (): Promise<void> => {
    const input = { staffId: member.id, expectedVersion: member.version };
    const res = member.active ? await deactivate({ input }) : await reactivate({ input });
    settle(res.error);
  };
  // One CONFLICT code covers a stale version and the last-administrator rule; the latter only ever concerns oneself.
  const conflictHint = failure?.kind === 'conflict' && isSelf ? t('staff.lastAdminOrStale') : null;
  return (
    <Section title={t('staff.editTitle', { name: member.displayName })}>
      <form onSubmit={(e) => void save(e)} noValidate>
        <ErrorSummary failure={failure} fields={fields}>
          {conflictHint ? <p>{conflictHint}</p> : null}
        </ErrorSummary>
        {saved ? (
          <p className="notice" role="status">
            {t('staff.saved')}
          </p>
        ) : null}
        <CheckboxGroup
          id={`${id}-roles`}
          label={t('staff.roles')}
          values={roles}
          onChange={setRoles}
          options={STAFF_ROLES.map((r) => ({ value: r, label: tEnum('StaffRole', r) }))}
          problems={problemsFor(failure, 'input.roles')}
        />
        <SelectField
          id={`${id}-supervisor`}
          label={t('staff.supervisor')}
          value={supervisorId}
          onChange={setSupervisorId}
          options={supervisorOptions(members, member.id)}
          placeholder={t('common.none')}
          problems={problemsFor(failure, 'input.supervisorId')}
        />
        <SelectField
          id={`${id}-language`}
          label={t('staff.language')}
          value={language}
          onChange={(v) => setLanguage(v || 'AZ')}
          options={LANGUAGES.map((l) => ({ value: l, label: tEnum('PreferredLanguage', l) }))}
          problems={problemsFor(failure, 'input.preferredLanguage')}
        />
        <div className="button-row">
          <button type="submit" className="button" disabled={busy}>
            {t('staff.save')}
          </button>
          <button
            type="button"
            className="button button-secondary"
            disabled={busy}
            onClick={() => void toggle()}
          >
            {member.active ? t('staff.deactivate') : t('staff.reactivate')}
          </button>
          <button type="button" className="button button-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
        <p className="hint">{member.active ? t('staff.deactivateHint') : t('staff.reactivateHint')}</p>
      </form>
    </Section>
  );
}
