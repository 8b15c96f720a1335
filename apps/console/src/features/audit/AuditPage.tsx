import { useState } from 'react';
import { useQuery } from 'urql';
import { FailureNotice } from '../../components/forms';
import { Section } from '../../components/inputs';
import { Page } from '../../components/Page';
import { useI18n } from '../../i18n/i18n';
import { type MessageKey } from '../../i18n/messages/en';
import { toFailure } from '../../lib/graphql-errors';
import { VerifyAuditChainQuery } from './audit.operations';

/** The API's break reasons (schema: AuditChainBreak.reason), each in words. */
const BREAK_REASONS: Record<string, MessageKey> = {
  'seq-gap': 'auditChain.reason.seqGap',
  'prev-hash-mismatch': 'auditChain.reason.prevHashMismatch',
  'hash-mismatch': 'auditChain.reason.hashMismatch',
  'head-mismatch': 'auditChain.reason.headMismatch',
  'head-signature': 'auditChain.reason.headSignature',
  'head-unsigned': 'auditChain.reason.headUnsigned',
  'checkpoint-rollback': 'auditChain.reason.checkpointRollback',
  'checkpoint-mismatch': 'auditChain.reason.checkpointMismatch',
};

const CHECKPOINT: Record<string, MessageKey> = {
  VERIFIED: 'auditChain.checkpoint.verified',
  NONE: 'auditChain.checkpoint.none',
  INVALID: 'auditChain.checkpoint.invalid',
};

/**
 * Auditors: recompute the audit trail's hash chains on request and show whether it is intact, each broken chain
 * (where and why) and the external checkpoint's status. The API decides who may run it; others see its refusal.
 */
export function AuditPage() {
  const { t, number, dateTime } = useI18n();
  const [started, setStarted] = useState(false);
  const [result, verify] = useQuery({
    query: VerifyAuditChainQuery,
    pause: !started,
    requestPolicy: 'network-only',
  });
  const run = (): void => {
    if (started) verify({ requestPolicy: 'network-only' });
    else setStarted(true);
  };
  const report = result.data?.verifyAuditChain;

  return (
    <Page
      title={t('auditChain.title')}
      actions={
        <button type="button" className="button" onClick={run} disabled={result.fetching}>
          {report ? t('auditChain.verifyAgain') : t('auditChain.verify')}
        </button>
      }
    >
      <p>{t('auditChain.intro')}</p>
      {result.fetching ? <p role="status">{t('auditChain.verifying')}</p> : null}
      <FailureNotice failure={result.error ? toFailure(result.error) : null} />
      {report && !result.fetching ? (
        <>
          <div className={report.intact ? 'notice' : 'notice notice-error'} role="status">
            <p>
              <strong>{report.intact ? t('auditChain.intact') : t('auditChain.broken')}</strong>
            </p>
            <p>
              {t('auditChain.checked', {
                chains: number(report.chainsChecked),
                events: number(report.eventsChecked),
              })}
            </p>
          </div>
          <Section title={t('auditChain.checkpointTitle')}>
            <p>
              {CHECKPOINT[report.checkpointStatus]
                ? t(CHECKPOINT[report.checkpointStatus] as MessageKey)
                : report.checkpointStatus}
            </p>
            {report.checkpointTakenAt ? (
              <p>{t('auditChain.checkpointTakenAt', { when: dateTime(report.checkpointTakenAt) })}</p>
            ) : null}
          </Section>
          {report.breaks.length > 0 ? (
            <Section title={t('auditChain.breaksTitle')}>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('auditChain.chain')}</th>
                    <th scope="col" className="num">
                      {t('auditChain.seq')}
                    </th>
                    <th scope="col">{t('auditChain.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.breaks.map((b) => {
                    const reason = BREAK_REASONS[b.reason];
                    return (
                      <tr key={`${b.chainId}:${b.seq}:${b.reason}`}>
                        <td>
                          <code>{b.chainId}</code>
                        </td>
                        <td className="num">{number(b.seq)}</td>
                        <td>
                          {reason ? t(reason) : null} <code lang="en">{b.reason}</code>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </Section>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
