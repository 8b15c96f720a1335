import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import type { IntakeStep } from '../../gql/graphql';
import { FailureNotice, newIdempotencyKey } from '../../components/forms';
import { Section } from '../../components/inputs';
import { useI18n } from '../../i18n/i18n';
import { toFailure, type Failure } from '../../lib/graphql-errors';
import { useNow } from '../../lib/use-now';
import { IntakeActions } from './IntakeActions';
import { CompleteIntakeStepMutation, DostIntakeQuery, StartDostIntakeMutation } from './intake.operations';

/** Steps this screen completes with one action; INTERVIEW (needs assessment) and POLICE_NOTIFICATION are not here. */
const ONE_ACTION_STEPS: readonly IntakeStep[] = ['QUEUE_TICKET', 'DESK', 'SSA_APPLICATION'];

/**
 * The DOST intake of a case (service card steps with their service-standard clocks), for the owning centre's staff.
 * The API answers NOT_FOUND to anyone else: then nothing is shown. It decides who may start or complete a step.
 */
export function DostIntakePanel({ caseId }: { caseId: string }) {
  const { t, tEnum, dateTime, timeLeft } = useI18n();
  const now = useNow();
  const [result, refetch] = useQuery({
    query: DostIntakeQuery,
    variables: { caseId },
    requestPolicy: 'network-only',
  });
  const [startState, start] = useMutation(StartDostIntakeMutation);
  const [completeState, complete] = useMutation(CompleteIntakeStepMutation);
  const [failure, setFailure] = useState<Failure | null>(null);
  // One key per attempted action, kept until it succeeds, so a retry never repeats it.
  const [startKey, setStartKey] = useState(newIdempotencyKey);
  const [stepKey, setStepKey] = useState<{ step: IntakeStep; key: string } | null>(null);

  if (!result.data) {
    const f = result.error ? toFailure(result.error) : null;
    // Not the owning DOST centre (or no access): this case has no intake for this person.
    if (!f || f.kind === 'notFound' || f.kind === 'forbidden') return null;
    return (
      <Section title={t('intake.title')}>
        <FailureNotice failure={f} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      </Section>
    );
  }
  const intake = result.data.dostIntake;
  const reload = (): void => refetch({ requestPolicy: 'network-only' });

  const onStart = async (): Promise<void> => {
    setFailure(null);
    const r = await start({ input: { caseId, idempotencyKey: startKey } });
    if (r.error) setFailure(toFailure(r.error));
    else {
      setStartKey(newIdempotencyKey());
      reload();
    }
  };
  const onComplete = async (step: IntakeStep): Promise<void> => {
    setFailure(null);
    const key = stepKey?.step === step ? stepKey.key : newIdempotencyKey();
    setStepKey({ step, key });
    const r = await complete({ input: { caseId, step, idempotencyKey: key } });
    if (r.error) setFailure(toFailure(r.error));
    else {
      setStepKey(null);
      reload();
    }
  };
  const busy = startState.fetching || completeState.fetching;

  return (
    <Section title={t('intake.title')}>
      <FailureNotice failure={failure} />
      {intake === null || intake === undefined ? (
        <>
          <p>{t('intake.notStarted')}</p>
          <button type="button" className="button" disabled={busy} onClick={() => void onStart()}>
            {t('intake.start')}
          </button>
        </>
      ) : (
        <>
          <dl className="summary">
            <div>
              <dt>{t('intake.phase')}</dt>
              <dd>{tEnum('DostIntakePhase', intake.phase)}</dd>
            </div>
            <div>
              <dt>{t('intake.startedAt')}</dt>
              <dd>{dateTime(intake.startedAt)}</dd>
            </div>
            {intake.completedAt ? (
              <div>
                <dt>{t('intake.completedAt')}</dt>
                <dd>{dateTime(intake.completedAt)}</dd>
              </div>
            ) : null}
          </dl>
          <table className="table">
            <caption>{t('intake.steps')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('intake.step')}</th>
                <th scope="col">{t('intake.stepStatus')}</th>
                <th scope="col">{t('intake.openedAt')}</th>
                <th scope="col">{t('intake.clock')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('intake.action')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {intake.steps.map((s) => (
                <tr key={s.step}>
                  <th scope="row">{tEnum('IntakeStep', s.step)}</th>
                  <td>{tEnum('TaskStatus', s.status)}</td>
                  <td>{dateTime(s.openedAt)}</td>
                  <td>
                    {s.status === 'DONE' && s.completedAt
                      ? t('intake.doneAt', { when: dateTime(s.completedAt) })
                      : s.dueAt
                        ? `${s.overdue ? `${t('intake.overdue')} · ` : ''}${t('intake.dueAt', { when: dateTime(s.dueAt) })} (${timeLeft(s.dueAt, now)})`
                        : ''}
                  </td>
                  <td>
                    {s.status === 'OPEN' && ONE_ACTION_STEPS.includes(s.step) ? (
                      <button
                        type="button"
                        className="button button-secondary"
                        disabled={busy}
                        onClick={() => void onComplete(s.step)}
                      >
                        {t('intake.complete', { step: tEnum('IntakeStep', s.step) })}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <IntakeActions caseId={caseId} intake={intake} onDone={reload} />
          {intake.escalations.length > 0 ? (
            <>
              <h3>{t('intake.escalations')}</h3>
              <ul>
                {intake.escalations.map((e) => (
                  <li key={`${e.at}:${e.standard}:${e.step ?? ''}`}>
                    {dateTime(e.at)} · {tEnum('IntakeStandard', e.standard)}
                    {e.step ? ` · ${tEnum('IntakeStep', e.step)}` : ''}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
    </Section>
  );
}
