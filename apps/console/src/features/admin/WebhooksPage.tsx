import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorSummary, FailureNotice, newIdempotencyKey, type FieldRef } from '../../components/forms';
import { CheckboxGroup, Section, TextField } from '../../components/inputs';
import { Page } from '../../components/Page';
import { type NotificationKind } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { NOTIFICATION_KINDS } from '../../lib/enums';
import { problemsFor, toFailure, type Failure } from '../../lib/graphql-errors';
import {
  FailedDeliveriesQuery,
  RegisterWebhookMutation,
  SetWebhookActiveMutation,
  WebhooksQuery,
} from './admin.operations';

/**
 * The organisation's webhooks (administrators and supervisors; the API refuses others): register one (its signing
 * secret is shown once, with a copy button), switch one on or off, and the deliveries that failed for good.
 */
export function WebhooksPage() {
  const { t, tEnum, dateTime, number } = useI18n();
  const [hooks, reloadHooks] = useQuery({ query: WebhooksQuery });
  const [failed, reloadFailed] = useQuery({ query: FailedDeliveriesQuery, variables: { first: 50 } });
  const [toggleState, setActive] = useMutation(SetWebhookActiveMutation);
  const [toggleFailure, setToggleFailure] = useState<Failure | null>(null);
  const toggle = async (webhookId: string, active: boolean): Promise<void> => {
    const res = await setActive({ webhookId, active });
    setToggleFailure(res.error ? toFailure(res.error) : null);
  };
  const list = hooks.data?.webhooks ?? [];
  return (
    <Page title={t('webhooks.title')}>
      <p>{t('webhooks.intro')}</p>
      <FailureNotice
        failure={hooks.error ? toFailure(hooks.error) : null}
        onRetry={() => reloadHooks({ requestPolicy: 'network-only' })}
      />
      <FailureNotice failure={toggleFailure} />
      {hooks.data ? (
        list.length === 0 ? (
          <p>{t('webhooks.none')}</p>
        ) : (
          <table className="table">
            <caption className="visually-hidden">{t('webhooks.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('webhooks.url')}</th>
                <th scope="col">{t('webhooks.kinds')}</th>
                <th scope="col">{t('webhooks.status')}</th>
                <th scope="col">{t('webhooks.failures')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('staff.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((h) => (
                <tr key={h.id}>
                  <td>{h.url}</td>
                  <td>
                    {h.kinds.length === 0
                      ? t('webhooks.everyKind')
                      : h.kinds.map((k) => tEnum('NotificationKind', k)).join(', ')}
                  </td>
                  <td>
                    {h.active
                      ? t('webhooks.active')
                      : h.disabledAt
                        ? t('webhooks.disabledAt', { when: dateTime(h.disabledAt) })
                        : t('webhooks.inactive')}
                  </td>
                  <td className="num">{number(h.consecutiveFailures)}</td>
                  <td>
                    <button
                      type="button"
                      className="button button-secondary"
                      disabled={toggleState.fetching}
                      aria-label={`${h.active ? t('webhooks.deactivate') : t('webhooks.activate')}: ${h.url}`}
                      onClick={() => void toggle(h.id, !h.active)}
                    >
                      {h.active ? t('webhooks.deactivate') : t('webhooks.activate')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
      <RegisterWebhook onRegistered={() => reloadHooks({ requestPolicy: 'network-only' })} />
      <Section title={t('webhooks.failedTitle')}>
        <FailureNotice
          failure={failed.error ? toFailure(failed.error) : null}
          onRetry={() => reloadFailed({ requestPolicy: 'network-only' })}
        />
        {failed.data ? (
          failed.data.failedNotificationDeliveries.length === 0 ? (
            <p>{t('webhooks.noFailed')}</p>
          ) : (
            <table className="table">
              <caption className="visually-hidden">{t('webhooks.failedTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('webhooks.failedAt')}</th>
                  <th scope="col">{t('webhooks.kind')}</th>
                  <th scope="col">{t('webhooks.channel')}</th>
                  <th scope="col">{t('webhooks.attempts')}</th>
                  <th scope="col">{t('webhooks.lastError')}</th>
                  <th scope="col">{t('webhooks.deliveryId')}</th>
                </tr>
              </thead>
              <tbody>
                {failed.data.failedNotificationDeliveries.map((d) => (
                  <tr key={d.id}>
                    <td>{dateTime(d.failedAt)}</td>
                    <td>{tEnum('NotificationKind', d.kind)}</td>
                    <td>
                      {d.channel === 'WEBHOOK' ? t('webhooks.channelWebhook') : t('webhooks.channelEmail')}
                    </td>
                    <td className="num">{number(d.attempts)}</td>
                    <td>
                      <code>{d.lastError ?? t('common.notRecorded')}</code>
                    </td>
                    <td>
                      <code>{d.id}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        ) : null}
      </Section>
    </Page>
  );
}

function RegisterWebhook({ onRegistered }: { onRegistered: () => void }) {
  const { t, tEnum } = useI18n();
  const id = useId();
  const [url, setUrl] = useState('');
  const [kinds, setKinds] = useState<NotificationKind[]>([]);
  const [key, setKey] = useState(newIdempotencyKey);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [state, register] = useMutation(RegisterWebhookMutation);
  const fields: FieldRef[] = [
    { path: 'input.url', id: `${id}-url`, label: t('webhooks.url') },
    { path: 'input.kinds', id: `${id}-kinds`, label: t('webhooks.kinds') },
  ];
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const res = await register({
      input: { url, kinds: kinds.length > 0 ? kinds : null, idempotencyKey: key },
    });
    if (res.error || !res.data) {
      if (res.error) setFailure(toFailure(res.error));
      return;
    }
    setFailure(null);
    setSecret(res.data.registerWebhook.secret);
    setCopied(false);
    setUrl('');
    setKinds([]);
    setKey(newIdempotencyKey());
    onRegistered();
  };
  const copy = async (): Promise<void> => {
    if (!secret) return;
    await navigator.clipboard.writeText(secret);
    setCopied(true);
  };
  return (
    <Section title={t('webhooks.registerTitle')}>
      {secret ? (
        <div className="notice" role="status">
          <p>
            <strong>{t('webhooks.secretOnce')}</strong>
          </p>
          <p>
            <code className="secret">{secret}</code>
          </p>
          <div className="button-row">
            <button type="button" className="button" onClick={() => void copy()}>
              {copied ? t('webhooks.copied') : t('webhooks.copy')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setSecret(null)}>
              {t('webhooks.secretStored')}
            </button>
          </div>
        </div>
      ) : null}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary failure={failure} fields={fields} />
        <TextField
          id={`${id}-url`}
          label={t('webhooks.url')}
          hint={t('webhooks.urlHint')}
          value={url}
          onChange={setUrl}
          problems={problemsFor(failure, 'input.url')}
          required
        />
        <CheckboxGroup
          id={`${id}-kinds`}
          label={t('webhooks.kinds')}
          hint={t('webhooks.kindsHint')}
          values={kinds}
          onChange={setKinds}
          options={NOTIFICATION_KINDS.map((k) => ({ value: k, label: tEnum('NotificationKind', k) }))}
          problems={problemsFor(failure, 'input.kinds')}
        />
        <button type="submit" className="button" disabled={state.fetching}>
          {t('webhooks.register')}
        </button>
      </form>
    </Section>
  );
}
