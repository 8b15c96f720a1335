import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorSummary, FailureNotice, type FieldRef } from '../../components/forms';
import { Section, TextField } from '../../components/inputs';
import { Page } from '../../components/Page';
import {
  type NotificationChannel,
  type NotificationKind,
  type NotificationSettingsFieldsFragment,
} from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { NOTIFICATION_KINDS } from '../../lib/enums';
import { problemsFor, toFailure, type Failure } from '../../lib/graphql-errors';
import {
  NotificationSettingsQuery,
  SetNotificationEmailMutation,
  SetNotificationPreferenceMutation,
} from './notifications.operations';

const CHANNELS: readonly NotificationChannel[] = ['CONSOLE', 'EMAIL'];

/**
 * Your notification preferences: which kinds reach you on which channel (only the kinds your roles receive), and your
 * work e-mail. Mandatory kinds are shown switched on and locked, with the reason.
 */
export function NotificationSettingsPage() {
  const { t, tEnum } = useI18n();
  const [result, reload] = useQuery({ query: NotificationSettingsQuery });
  const [toggleState, setPreference] = useMutation(SetNotificationPreferenceMutation);
  const [toggleFailure, setToggleFailure] = useState<Failure | null>(null);
  const settings = result.data?.notificationSettings;
  const toggle = async (
    kind: NotificationKind,
    channel: NotificationChannel,
    enabled: boolean,
  ): Promise<void> => {
    const res = await setPreference({ input: { kind, channel, enabled } });
    setToggleFailure(res.error ? toFailure(res.error) : null);
  };
  const kinds = NOTIFICATION_KINDS.filter((k) => settings?.preferences.some((p) => p.kind === k));
  const preference = (kind: NotificationKind, channel: NotificationChannel) =>
    settings?.preferences.find((p) => p.kind === kind && p.channel === channel);
  return (
    <Page title={t('notificationSettings.title')}>
      <FailureNotice
        failure={result.error ? toFailure(result.error) : null}
        onRetry={() => reload({ requestPolicy: 'network-only' })}
      />
      {result.fetching && !settings ? <p role="status">{t('common.loading')}</p> : null}
      {settings ? (
        <>
          <Section title={t('notificationSettings.channelsTitle')}>
            <p>{t('notificationSettings.mandatoryExplained')}</p>
            <FailureNotice failure={toggleFailure} />
            <table className="table">
              <caption className="visually-hidden">{t('notificationSettings.channelsTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('webhooks.kind')}</th>
                  {CHANNELS.map((c) => (
                    <th scope="col" key={c}>
                      {tEnum('NotificationChannel', c)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {kinds.map((kind) => (
                  <tr key={kind}>
                    <th scope="row">{tEnum('NotificationKind', kind)}</th>
                    {CHANNELS.map((channel) => {
                      const p = preference(kind, channel);
                      if (!p) return <td key={channel}>{t('common.none')}</td>;
                      const label = `${tEnum('NotificationKind', kind)}: ${tEnum('NotificationChannel', channel)}`;
                      return (
                        <td key={channel}>
                          <input
                            type="checkbox"
                            aria-label={label}
                            checked={p.enabled}
                            disabled={p.mandatory || toggleState.fetching}
                            aria-describedby={p.mandatory ? `mandatory-${kind}` : undefined}
                            onChange={(e) => void toggle(kind, channel, e.target.checked)}
                          />
                          {p.mandatory && channel === CHANNELS[0] ? (
                            <span id={`mandatory-${kind}`} className="hint">
                              {' '}
                              {t('notificationSettings.locked')}
                            </span>
                          ) : null}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
          <EmailForm key={settings.email ?? ''} settings={settings} />
        </>
      ) : null}
    </Page>
  );
}

function EmailForm({ settings }: { settings: NotificationSettingsFieldsFragment }) {
  const { t } = useI18n();
  const id = useId();
  const [email, setEmail] = useState(settings.email ?? '');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [saved, setSaved] = useState(false);
  const [state, save] = useMutation(SetNotificationEmailMutation);
  const fields: FieldRef[] = [
    { path: 'input.email', id: `${id}-email`, label: t('notificationSettings.email') },
  ];
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    // The language is kept as it is (the language switch changes it).
    const res = await save({ input: { email: email.trim() || null, language: settings.language } });
    setFailure(res.error ? toFailure(res.error) : null);
    setSaved(!res.error);
  };
  return (
    <Section title={t('notificationSettings.emailTitle')}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary failure={failure} fields={fields} />
        {saved ? (
          <p className="notice" role="status">
            {t('staff.saved')}
          </p>
        ) : null}
        <TextField
          id={`${id}-email`}
          label={t('notificationSettings.email')}
          hint={t('notificationSettings.emailHint')}
          value={email}
          onChange={setEmail}
          problems={problemsFor(failure, 'input.email')}
          autoComplete="email"
        />
        <button type="submit" className="button" disabled={state.fetching}>
          {t('staff.save')}
        </button>
      </form>
    </Section>
  );
}
