import { useId, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import type { RiskConferenceOutcome } from '../../gql/graphql';
import { FailureNotice, newIdempotencyKey } from '../../components/forms';
import { useI18n } from '../../i18n/i18n';
import { toFailure, type Failure } from '../../lib/graphql-errors';
import { RecordRiskConferenceOutcomeMutation } from './risk.operations';

export const CONFERENCE_OUTCOMES: readonly RiskConferenceOutcome[] = [
  'SAFETY_PLAN_AGREED',
  'PROTECTION_ORDER_TO_BE_SOUGHT',
  'REFERRALS_AGREED',
  'NO_FURTHER_ACTION',
];

/**
 * What the multi-agency risk conference decided, recorded on its RISK_CONFERENCE task (the task is then done). The
 * key is kept until the API accepts it, so a retry after a failure never records twice.
 */
export function RiskConferenceOutcomeForm({
  taskId,
  onRecorded,
}: {
  taskId: string;
  onRecorded: () => void;
}) {
  const { t, tEnum } = useI18n();
  const id = useId();
  const [state, record] = useMutation(RecordRiskConferenceOutcomeMutation);
  const [outcome, setOutcome] = useState<RiskConferenceOutcome | ''>('');
  const [key, setKey] = useState(newIdempotencyKey);
  const [failure, setFailure] = useState<Failure | null>(null);

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!outcome) return;
    setFailure(null);
    const r = await record({ input: { taskId, outcome, idempotencyKey: key } });
    if (r.error) setFailure(toFailure(r.error));
    else {
      setKey(newIdempotencyKey());
      onRecorded();
    }
  };

  return (
    <form className="form-inline" onSubmit={(e) => void onSubmit(e)}>
      <div className="field">
        <label htmlFor={id}>{t('risk.outcome')}</label>
        <select
          id={id}
          value={outcome}
          onChange={(e) => setOutcome(e.target.value as RiskConferenceOutcome | '')}
        >
          <option value="">{t('common.choose')}</option>
          {CONFERENCE_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {tEnum('RiskConferenceOutcome', o)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button button-small" disabled={!outcome || state.fetching}>
        {t('risk.recordOutcome')}
      </button>
      <FailureNotice failure={failure} />
    </form>
  );
}
