import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import type { ReasonKind } from '../../gql/graphql';
import { ErrorSummary, FailureNotice } from '../../components/forms';
import { Section, SelectField, TextField } from '../../components/inputs';
import { Page } from '../../components/Page';
import { Link } from '../../app/router';
import { useI18n } from '../../i18n/i18n';
import { type MessageKey } from '../../i18n/messages/en';
import { problemsFor, toFailure, type Failure } from '../../lib/graphql-errors';
import { DirectoryQuery } from '../cases/case.operations';
import { organisationName } from '../../lib/enums';
import {
  AcceptReferralMutation,
  CompleteReferralMutation,
  CountersignMutation,
  DeclineReferralMutation,
  ReasonCodesQuery,
  ReferralPartyQuery,
  ReferralQuery,
  WithdrawReferralMutation,
} from './referral.operations';

type Action = 'decline' | 'complete' | 'withdraw';
const OTHER = '__other__';

export function ReferralPage({ referralId }: { referralId: string }) {
  const i18n = useI18n();
  const { t, tEnum, dateTime } = i18n;
  const [result, refetch] = useQuery({
    query: ReferralQuery,
    variables: { id: referralId },
    requestPolicy: 'network-only',
  });
  const referral = result.data?.referral;
  const [party] = useQuery({
    query: ReferralPartyQuery,
    variables: { caseId: referral?.caseId ?? '' },
    pause: !referral,
  });
  const [directory] = useQuery({ query: DirectoryQuery, variables: {} });
  const [acceptState, accept] = useMutation(AcceptReferralMutation);
  const [countersignState, countersign] = useMutation(CountersignMutation);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [action, setAction] = useState<Action | null>(null);
  const reload = (): void => {
    setFailure(null);
    refetch({ requestPolicy: 'network-only' });
  };
  const orgName = (id: string): string => {
    const org = directory.data?.organisations.find((o) => o.id === id);
    return org ? organisationName(org, i18n.language) : t('common.otherOrganisation');
  };

  if (!referral) {
    return (
      <Page title={t('referral.title')}>
        {result.fetching ? <p role="status">{t('common.loading')}</p> : null}
        <FailureNotice failure={result.error ? toFailure(result.error) : null} onRetry={reload} />
      </Page>
    );
  }
  // Which side this person is on comes from the API (their access to the case); the API checks every action again.
  const access = party.data?.case.access;
  const isSender = access === 'OWNER';
  const isRecipient = access === 'RECIPIENT' || (party.error !== undefined && !isSender);
  const open = referral.status === 'PENDING' || referral.status === 'ACCEPTED';
  const stale = failure?.kind === 'conflict' && failure.stale;

  const rows: [string, string][] = [
    [t('referral.caseCode'), referral.caseCode ?? t('common.notShown')],
    [t('referral.status'), tEnum('ReferralStatus', referral.status)],
    [t('referral.service'), tEnum('ServiceType', referral.serviceType)],
    [t('referral.purpose'), tEnum('ConsentPurpose', referral.purpose)],
    [t('referral.categories'), referral.dataCategories.map((d) => tEnum('DataCategory', d)).join(', ')],
    [t('referral.from'), orgName(referral.fromOrganisationId)],
    [t('referral.to'), orgName(referral.toOrganisationId)],
    [t('referral.createdAt'), dateTime(referral.createdAt)],
    [t('referral.responseDue'), dateTime(referral.responseDueAt)],
  ];
  if (referral.serviceDueAt) rows.push([t('referral.serviceDue'), dateTime(referral.serviceDueAt)]);
  if (referral.legalBasis) rows.push([t('referral.legalBasis'), tEnum('LegalBasis', referral.legalBasis)]);
  if (!referral.disclosureAuthorised)
    rows.push([t('referral.disclosure'), t('referral.awaitingCountersign')]);
  if (referral.declineReason) rows.push([t('referral.declineReason'), referral.declineReason]);
  if (referral.outcomeNote) rows.push([t('referral.outcome'), referral.outcomeNote]);
  if (referral.withdrawReason) rows.push([t('referral.withdrawReason'), referral.withdrawReason]);

  const done = (r: { error?: import('@urql/core').CombinedError }): void => {
    if (r.error) setFailure(toFailure(r.error));
    else {
      setFailure(null);
      setAction(null);
      refetch({ requestPolicy: 'network-only' });
    }
  };

  return (
    <Page title={t('referral.title')}>
      {stale ? (
        <div className="notice notice-warning" role="alert">
          <p>{t('errors.stale')}</p>
          <button type="button" className="button" onClick={reload}>
            {t('common.reload')}
          </button>
        </div>
      ) : (
        <FailureNotice failure={failure && failure.kind !== 'badInput' ? failure : null} />
      )}
      <dl className="summary">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <p>
        <Link to={{ name: 'case', caseId: referral.caseId }}>{t('referral.openCase')}</Link>
      </p>
      {open ? (
        <Section title={t('referral.actions')}>
          <div className="button-row">
            {isRecipient && referral.status === 'PENDING' ? (
              <>
                <button
                  type="button"
                  className="button"
                  disabled={acceptState.fetching}
                  onClick={() =>
                    void accept({ input: { referralId, expectedVersion: referral.version } }).then(done)
                  }
                >
                  {t('referral.accept')}
                </button>
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => setAction('decline')}
                >
                  {t('referral.decline')}
                </button>
              </>
            ) : null}
            {isRecipient && referral.status === 'ACCEPTED' ? (
              <button type="button" className="button" onClick={() => setAction('complete')}>
                {t('referral.complete')}
              </button>
            ) : null}
            {isSender ? (
              <button type="button" className="button button-warning" onClick={() => setAction('withdraw')}>
                {t('referral.withdraw')}
              </button>
            ) : null}
            {isSender && referral.legalBasis && !referral.disclosureAuthorised ? (
              <button
                type="button"
                className="button"
                disabled={countersignState.fetching}
                onClick={() => void countersign({ referralId }).then(done)}
              >
                {t('referral.countersign')}
              </button>
            ) : null}
          </div>
          {action ? (
            <ReasonForm
              key={action}
              action={action}
              referralId={referralId}
              version={referral.version}
              onDone={done}
              onCancel={() => setAction(null)}
            />
          ) : null}
        </Section>
      ) : null}
    </Page>
  );
}

const KIND: Record<Action, ReasonKind> = { decline: 'DECLINE', complete: 'OUTCOME', withdraw: 'WITHDRAWAL' };
const LABEL: Record<Action, MessageKey> = {
  decline: 'referral.declineReason',
  complete: 'referral.outcome',
  withdraw: 'referral.withdrawReason',
};
const SUBMIT: Record<Action, MessageKey> = {
  decline: 'referral.confirmDecline',
  complete: 'referral.confirmComplete',
  withdraw: 'referral.confirmWithdraw',
};

/** Decline / complete / withdraw: a coded reason (shared with the other party) or free text (no personal data). */
function ReasonForm({
  action,
  referralId,
  version,
  onDone,
  onCancel,
}: {
  action: Action;
  referralId: string;
  version: number;
  onDone: (r: { error?: import('@urql/core').CombinedError }) => void;
  onCancel: () => void;
}) {
  const { t, language } = useI18n();
  const [codes] = useQuery({ query: ReasonCodesQuery, variables: { kind: KIND[action] } });
  const [code, setCode] = useState('');
  const [text, setText] = useState('');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [declineState, decline] = useMutation(DeclineReferralMutation);
  const [completeState, complete] = useMutation(CompleteReferralMutation);
  const [withdrawState, withdraw] = useMutation(WithdrawReferralMutation);
  const busy = declineState.fetching || completeState.fetching || withdrawState.fetching;
  const field = action === 'complete' ? 'input.outcome' : 'input.reason';
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const reason = code && code !== OTHER ? code : text.trim();
    if (!reason) {
      setFailure({ kind: 'badInput', fields: [{ path: field, message: '' }] });
      return;
    }
    const base = { referralId, expectedVersion: version };
    const r =
      action === 'decline'
        ? await decline({ input: { ...base, reason } })
        : action === 'complete'
          ? await complete({ input: { ...base, outcome: reason } })
          : await withdraw({ input: { ...base, reason } });
    if (r.error) {
      const f = toFailure(r.error);
      setFailure(f.kind === 'badInput' ? f : null);
    }
    onDone(r);
  };
  const options = (codes.data?.reasonCodes ?? []).map((c) => ({ value: c.code, label: c.labels[language] }));
  return (
    <form className="confirm" onSubmit={(e) => void submit(e)} noValidate aria-label={t(LABEL[action])}>
      <ErrorSummary failure={failure} fields={[{ path: field, id: 'reasonCode', label: t(LABEL[action]) }]} />
      <SelectField
        id="reasonCode"
        label={t(LABEL[action])}
        hint={t('referral.codeHint')}
        value={code}
        placeholder={t('common.choose')}
        options={[...options, { value: OTHER, label: t('referral.otherReason') }]}
        problems={problemsFor(failure, field)}
        onChange={setCode}
      />
      {code === OTHER ? (
        <TextField
          id="reasonText"
          multiline
          label={t('referral.reasonText')}
          hint={t('referral.freeTextHint')}
          value={text}
          onChange={setText}
        />
      ) : null}
      <div className="button-row">
        <button type="submit" className="button" disabled={busy}>
          {t(SUBMIT[action])}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
