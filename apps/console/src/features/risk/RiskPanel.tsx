import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import type {
  CaseStatus,
  RiskAnswerInput,
  RiskLevel,
  RiskInstrumentQuery as Instrument,
} from '../../gql/graphql';
import { ErrorSummary, FailureNotice, newIdempotencyKey, type FieldRef } from '../../components/forms';
import { Section } from '../../components/inputs';
import { useI18n } from '../../i18n/i18n';
import { type Language } from '../../i18n/types';
import { problemsFor, toFailure, type Failure } from '../../lib/graphql-errors';
import { FieldError, describedBy } from '../../components/forms';
import {
  AssessRiskMutation,
  RiskAssessmentsQuery,
  RiskInstrumentQuery,
  StaffNamesQuery,
} from './risk.operations';

type Item = Instrument['riskInstrument']['items'][number];
type Labels = Item['labels'];

const label = (labels: Labels, language: Language): string => labels[language];

/** An item's answer as the person reads it: yes/no, or the chosen option's label. */
function answerText(
  item: Item | undefined,
  value: number,
  language: Language,
  yes: string,
  no: string,
): string {
  if (!item) return String(value);
  if (item.type === 'YES_NO') return value === 1 ? yes : no;
  const option = item.options.find((o) => o.value === value);
  return option ? label(option.labels, language) : String(value);
}

/**
 * The risk of a case: its current level (prominent), the history of assessments (the answers only when the API returns
 * them, i.e. to the owning organisation) and, for the owner of an open case, a new assessment scored by the API with
 * the instrument in force. The API decides who may assess; this screen shows its refusal plainly.
 */
export function RiskPanel({
  caseId,
  owner,
  owningOrganisationId,
  status,
  caseRiskLevel,
  organisationName,
  onChanged,
}: {
  caseId: string;
  owner: boolean;
  /** The case's level as the API shows it (set at opening or by the intake before any assessment). */
  caseRiskLevel?: RiskLevel | null;
  owningOrganisationId: string | null | undefined;
  status: CaseStatus | null | undefined;
  organisationName: (id: string) => string;
  onChanged: () => void;
}) {
  const { t, tEnum, dateTime, language } = useI18n();
  const [instrument] = useQuery({ query: RiskInstrumentQuery, variables: {} });
  const [history, refetchHistory] = useQuery({
    query: RiskAssessmentsQuery,
    variables: { caseId, withAnswers: owner },
    requestPolicy: 'cache-and-network',
  });
  const [staff] = useQuery({
    query: StaffNamesQuery,
    variables: { organisationId: owningOrganisationId ?? '' },
    pause: !owner || !owningOrganisationId,
  });
  const [assessState, assess] = useMutation(AssessRiskMutation);
  const [answers, setAnswers] = useState<Record<string, number | undefined>>({});
  const [sent, setSent] = useState<string[]>([]);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [key, setKey] = useState(newIdempotencyKey);
  const [done, setDone] = useState(false);
  // The instrument's questions are long: the form opens on request (its answers are kept while it is closed).
  const [formOpen, setFormOpen] = useState(false);

  const historyFailure = history.error ? toFailure(history.error) : null;
  // No access to this case's risk (not the owner, not a recipient): nothing to show.
  if (!history.data && (historyFailure?.kind === 'notFound' || historyFailure?.kind === 'forbidden'))
    return null;

  const items = instrument.data?.riskInstrument.items ?? [];
  const itemById = (id: string): Item | undefined => items.find((i) => i.id === id);
  const assessments = history.data?.riskAssessments ?? [];
  const latest = assessments[assessments.length - 1];
  const assessorName = (assessorId: string, organisationId: string): string =>
    staff.data?.staffMembers.find((s) => s.id === assessorId)?.displayName ??
    t('risk.staffOf', { organisation: organisationName(organisationId) });
  const fieldId = (itemId: string): string => `risk-item-${itemId}`;
  const fields: FieldRef[] = [
    { path: 'input.answers', id: 'risk-answers', label: t('risk.answers') },
    ...sent.flatMap((itemId, index) => {
      const item = itemById(itemId);
      const name = item ? label(item.labels, language) : itemId;
      return [
        { path: `input.answers.${index}.item`, id: fieldId(itemId), label: name },
        { path: `input.answers.${index}.value`, id: fieldId(itemId), label: name },
      ];
    }),
  ];
  const itemProblems = (itemId: string) => {
    const index = sent.indexOf(itemId);
    if (index < 0) return [];
    return [
      ...problemsFor(failure, `input.answers.${index}.item`),
      ...problemsFor(failure, `input.answers.${index}.value`),
    ];
  };

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setFailure(null);
    setDone(false);
    const list: RiskAnswerInput[] = items
      .filter((i) => answers[i.id] !== undefined)
      .map((i) => ({ item: i.id, value: answers[i.id] as number }));
    setSent(list.map((a) => a.item));
    const r = await assess({ input: { caseId, idempotencyKey: key, answers: list } });
    if (r.error) {
      setFailure(toFailure(r.error));
      return;
    }
    setKey(newIdempotencyKey());
    setAnswers({});
    setSent([]);
    setDone(true);
    setFormOpen(false);
    refetchHistory({ requestPolicy: 'network-only' });
    onChanged();
  };

  return (
    <Section title={t('risk.title')}>
      <FailureNotice
        failure={historyFailure}
        onRetry={() => refetchHistory({ requestPolicy: 'network-only' })}
      />
      <p className={`risk-level risk-level-${latest?.level ?? caseRiskLevel ?? 'NONE'}`}>
        {latest
          ? t('risk.currentLevel', { level: tEnum('RiskLevel', latest.level) })
          : caseRiskLevel
            ? t('risk.levelNotAssessed', { level: tEnum('RiskLevel', caseRiskLevel) })
            : t('risk.notAssessed')}
      </p>
      {latest && latest.redFlags.length > 0 ? (
        <p>
          {t('risk.redFlags', {
            items: latest.redFlags
              .map((f) => (itemById(f) ? label((itemById(f) as Item).labels, language) : f))
              .join('; '),
          })}
        </p>
      ) : null}

      {assessments.length > 0 ? (
        <div className="table-scroll">
          <table className="table">
            <caption>{t('risk.history')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('risk.assessedAt')}</th>
                <th scope="col">{t('risk.level')}</th>
                <th scope="col">{t('risk.score')}</th>
                <th scope="col">{t('risk.instrumentVersion')}</th>
                <th scope="col">{t('risk.assessor')}</th>
                <th scope="col">{t('risk.conference')}</th>
              </tr>
            </thead>
            <tbody>
              {[...assessments].reverse().map((a) => (
                <tr key={a.id}>
                  <th scope="row">{dateTime(a.assessedAt)}</th>
                  <td>
                    {a.level === a.previousLevel
                      ? tEnum('RiskLevel', a.level)
                      : t('risk.levelChange', {
                          from: tEnum('RiskLevel', a.previousLevel),
                          to: tEnum('RiskLevel', a.level),
                        })}
                  </td>
                  <td className="num">{a.score ?? '–'}</td>
                  <td>{a.source === 'DOST_INTERVIEW' ? tEnum('RiskAssessmentSource', a.source) : a.instrumentVersion}</td>
                  <td>{assessorName(a.assessorId, a.organisationId)}</td>
                  <td>
                    {a.conference
                      ? a.conference.outcome
                        ? tEnum('RiskConferenceOutcome', a.conference.outcome)
                        : t('risk.conferencePending')
                      : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {assessments
        .filter((a) => a.answers && a.answers.length > 0)
        .slice(-1)
        .map((a) => (
          <details key={a.id}>
            <summary>{t('risk.latestAnswers', { when: dateTime(a.assessedAt) })}</summary>
            <dl className="summary">
              {(a.answers ?? []).map((ans) => {
                const item = itemById(ans.item);
                return (
                  <div key={ans.item}>
                    <dt>{item ? label(item.labels, language) : ans.item}</dt>
                    <dd>{answerText(item, ans.value, language, t('common.yes'), t('common.no'))}</dd>
                  </div>
                );
              })}
            </dl>
          </details>
        ))}

      {done ? (
        <p className="notice notice-success" role="status">
          {t('risk.assessed')}
        </p>
      ) : null}
      {owner && status === 'OPEN' && items.length > 0 ? (
        <button
          type="button"
          className="button button-secondary"
          aria-expanded={formOpen}
          aria-controls="risk-form"
          onClick={() => {
            setFormOpen((o) => !o);
            setDone(false);
          }}
        >
          {t('risk.assess')}
        </button>
      ) : null}
      {owner && status === 'OPEN' && items.length > 0 && formOpen ? (
        <form id="risk-form" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="risk-form-title">
          <h3 id="risk-form-title">{t('risk.formTitle')}</h3>
          <ErrorSummary failure={failure} fields={fields} />
          <p className="hint">
            {t('risk.instrumentHint', { version: instrument.data?.riskInstrument.version ?? '' })}
          </p>
          <div id="risk-answers" tabIndex={-1}>
            <FieldError id="risk-answers" problems={problemsFor(failure, 'input.answers')} />
            {items.map((item) => {
              const id = fieldId(item.id);
              const problems = itemProblems(item.id);
              const value = answers[item.id];
              const set = (v: number | undefined): void => setAnswers((prev) => ({ ...prev, [item.id]: v }));
              if (item.type === 'YES_NO') {
                const choices: [string, number | undefined][] = [
                  [t('common.yes'), 1],
                  [t('common.no'), 0],
                  [t('common.notKnown'), undefined],
                ];
                return (
                  <fieldset
                    key={item.id}
                    id={id}
                    tabIndex={-1}
                    className={problems.length > 0 ? 'field field-invalid' : 'field'}
                    aria-describedby={describedBy(id, problems)}
                  >
                    <legend>{label(item.labels, language)}</legend>
                    <FieldError id={id} problems={problems} />
                    {choices.map(([text, v]) => (
                      <div className="radio" key={text}>
                        <input
                          type="radio"
                          id={`${id}-${v ?? 'unknown'}`}
                          name={id}
                          checked={value === v}
                          onChange={() => set(v)}
                        />
                        <label htmlFor={`${id}-${v ?? 'unknown'}`}>{text}</label>
                      </div>
                    ))}
                  </fieldset>
                );
              }
              return (
                <div key={item.id} className={problems.length > 0 ? 'field field-invalid' : 'field'}>
                  <label htmlFor={id}>{label(item.labels, language)}</label>
                  <FieldError id={id} problems={problems} />
                  <select
                    id={id}
                    value={value === undefined ? '' : String(value)}
                    aria-invalid={problems.length > 0 || undefined}
                    aria-describedby={describedBy(id, problems)}
                    onChange={(e) => set(e.target.value === '' ? undefined : Number(e.target.value))}
                  >
                    <option value="">{t('common.notKnown')}</option>
                    {item.options.map((o) => (
                      <option key={o.value} value={o.value}>
                        {label(o.labels, language)}
                      </option>
                    ))}
                  </select>
                </div>
              );
            })}
          </div>
          <button type="submit" className="button" disabled={assessState.fetching}>
            {t('risk.submit')}
          </button>
        </form>
      ) : null}
    </Section>
  );
}
