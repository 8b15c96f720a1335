import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import type { DostIntakeQuery, LegalBasis, PoliceNotificationMode, RiskLevel } from '../../gql/graphql';
import { ErrorSummary, FailureNotice, newIdempotencyKey, type FieldRef } from '../../components/forms';
import { SelectField, TextField } from '../../components/inputs';
import { useI18n } from '../../i18n/i18n';
import { LEGAL_BASES, RISK_LEVELS } from '../../lib/enums';
import { problemsFor, toFailure, type Failure } from '../../lib/graphql-errors';
import {
  CompleteIntakeStepMutation,
  CountersignIntakeLegalOverrideMutation,
  NotifyPoliceMutation,
} from './intake.operations';

type Intake = NonNullable<DostIntakeQuery['dostIntake']>;
const MODES: readonly PoliceNotificationMode[] = ['FULL', 'ANONYMOUS', 'LEGAL_OVERRIDE'];

/** The interview step: the lawyer's and psychologist's needs and risk assessment. */
function InterviewForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t, tEnum } = useI18n();
  const [state, complete] = useMutation(CompleteIntakeStepMutation);
  const [riskLevel, setRiskLevel] = useState<RiskLevel | ''>('');
  const [shelter, setShelter] = useState<'yes' | 'no' | ''>('');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [key, setKey] = useState(newIdempotencyKey);
  const fields: FieldRef[] = [
    { path: 'input.assessment.riskLevel', id: 'interview-risk', label: t('intake.interviewRisk') },
    { path: 'input.assessment.needsShelter', id: 'interview-shelter', label: t('intake.interviewShelter') },
  ];

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setFailure(null);
    const missing = [
      ...(riskLevel ? [] : ['input.assessment.riskLevel']),
      ...(shelter ? [] : ['input.assessment.needsShelter']),
    ];
    if (!riskLevel || !shelter) {
      setFailure({ kind: 'badInput', fields: missing.map((path) => ({ path, message: '' })) });
      return;
    }
    const r = await complete({
      input: {
        caseId,
        step: 'INTERVIEW',
        idempotencyKey: key,
        assessment: { riskLevel, needsShelter: shelter === 'yes' },
      },
    });
    if (r.error) setFailure(toFailure(r.error));
    else {
      setKey(newIdempotencyKey());
      onDone();
    }
  };
  const shelterProblems = problemsFor(failure, 'input.assessment.needsShelter');

  return (
    <form
      className="subform"
      onSubmit={(e) => void onSubmit(e)}
      noValidate
      aria-label={t('intake.interviewTitle')}
    >
      <h3>{t('intake.interviewTitle')}</h3>
      <ErrorSummary failure={failure} fields={fields} />
      <SelectField
        id="interview-risk"
        label={t('intake.interviewRisk')}
        value={riskLevel}
        onChange={setRiskLevel}
        placeholder={t('common.choose')}
        options={RISK_LEVELS.map((l) => ({ value: l, label: tEnum('RiskLevel', l) }))}
        problems={problemsFor(failure, 'input.assessment.riskLevel')}
      />
      <fieldset
        id="interview-shelter"
        tabIndex={-1}
        className={shelterProblems.length > 0 ? 'field field-invalid' : 'field'}
        aria-describedby="interview-shelter-hint"
      >
        <legend>{t('intake.interviewShelter')}</legend>
        <p className="hint" id="interview-shelter-hint">
          {t('intake.interviewShelterHint')}
        </p>
        {(['yes', 'no'] as const).map((v) => (
          <div className="radio" key={v}>
            <input
              type="radio"
              id={`interview-shelter-${v}`}
              name="interview-shelter"
              checked={shelter === v}
              onChange={() => setShelter(v)}
            />
            <label htmlFor={`interview-shelter-${v}`}>{v === 'yes' ? t('common.yes') : t('common.no')}</label>
          </div>
        ))}
      </fieldset>
      <button type="submit" className="button" disabled={state.fetching}>
        {t('intake.interviewSubmit')}
      </button>
    </form>
  );
}

/** Informing the police: with her consent, an anonymous incident notice, or on a legal basis (countersigned). */
function PoliceForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t, tEnum } = useI18n();
  const [state, notify] = useMutation(NotifyPoliceMutation);
  const [mode, setMode] = useState<PoliceNotificationMode | ''>('');
  const [basis, setBasis] = useState<LegalBasis | ''>('');
  const [justification, setJustification] = useState('');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [key, setKey] = useState(newIdempotencyKey);
  const fields: FieldRef[] = [
    { path: 'input.mode', id: 'police-mode', label: t('intake.policeMode') },
    { path: 'input.legalOverride.basis', id: 'police-basis', label: t('refer.basis') },
    {
      path: 'input.legalOverride.justification',
      id: 'police-justification',
      label: t('refer.justification'),
    },
  ];

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setFailure(null);
    const missing = [
      ...(mode ? [] : ['input.mode']),
      ...(mode === 'LEGAL_OVERRIDE' && !basis ? ['input.legalOverride.basis'] : []),
      ...(mode === 'LEGAL_OVERRIDE' && !justification.trim() ? ['input.legalOverride.justification'] : []),
    ];
    if (!mode || missing.length > 0) {
      setFailure({ kind: 'badInput', fields: missing.map((path) => ({ path, message: '' })) });
      return;
    }
    const r = await notify({
      input: {
        caseId,
        mode,
        idempotencyKey: key,
        ...(mode === 'LEGAL_OVERRIDE'
          ? { legalOverride: { basis: basis as LegalBasis, justification: justification.trim() } }
          : {}),
      },
    });
    if (r.error) setFailure(toFailure(r.error));
    else {
      setKey(newIdempotencyKey());
      onDone();
    }
  };
  const modeProblems = problemsFor(failure, 'input.mode');

  return (
    <form
      className="subform"
      onSubmit={(e) => void onSubmit(e)}
      noValidate
      aria-label={t('intake.policeTitle')}
    >
      <h3>{t('intake.policeTitle')}</h3>
      <ErrorSummary failure={failure} fields={fields} />
      <fieldset
        id="police-mode"
        tabIndex={-1}
        className={modeProblems.length > 0 ? 'field field-invalid' : 'field'}
      >
        <legend>{t('intake.policeMode')}</legend>
        {MODES.map((m) => (
          <div className="radio" key={m}>
            <input
              type="radio"
              id={`police-mode-${m}`}
              name="police-mode"
              checked={mode === m}
              aria-describedby={`police-mode-${m}-hint`}
              onChange={() => setMode(m)}
            />
            <label htmlFor={`police-mode-${m}`}>{tEnum('PoliceNotificationMode', m)}</label>
            <p className="hint" id={`police-mode-${m}-hint`}>
              {t(`intake.policeModeHint.${m}`)}
            </p>
          </div>
        ))}
      </fieldset>
      {mode === 'LEGAL_OVERRIDE' ? (
        <>
          <SelectField
            id="police-basis"
            label={t('refer.basis')}
            value={basis}
            onChange={setBasis}
            placeholder={t('common.choose')}
            options={LEGAL_BASES.map((b) => ({ value: b, label: tEnum('LegalBasis', b) }))}
            problems={problemsFor(failure, 'input.legalOverride.basis')}
          />
          <TextField
            id="police-justification"
            label={t('refer.justification')}
            hint={t('common.noPersonalData')}
            multiline
            value={justification}
            onChange={setJustification}
            problems={problemsFor(failure, 'input.legalOverride.justification')}
          />
        </>
      ) : null}
      <button type="submit" className="button" disabled={state.fetching}>
        {t('intake.policeSubmit')}
      </button>
    </form>
  );
}

/** A supervisor's countersignature of a police notification on a legal basis (not the person who asked: the API). */
function CountersignAction({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [state, countersign] = useMutation(CountersignIntakeLegalOverrideMutation);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [key, setKey] = useState(newIdempotencyKey);
  const onClick = async (): Promise<void> => {
    setFailure(null);
    const r = await countersign({ input: { caseId, idempotencyKey: key } });
    if (r.error) setFailure(toFailure(r.error));
    else {
      setKey(newIdempotencyKey());
      onDone();
    }
  };
  return (
    <div className="subform">
      <p className="notice notice-warning">{t('intake.awaitingCountersign')}</p>
      {failure?.kind === 'forbidden' ? (
        <p className="notice notice-error" role="alert">
          {t('intake.countersignForbidden')}
        </p>
      ) : (
        <FailureNotice failure={failure} />
      )}
      <button type="button" className="button" disabled={state.fetching} onClick={() => void onClick()}>
        {t('intake.countersign')}
      </button>
    </div>
  );
}

/**
 * The intake steps that need more than one click: the interview's needs assessment, the police notification and its
 * countersignature; plus what was decided (assessment, police notification, SSA application) once known.
 */
export function IntakeActions({
  caseId,
  intake,
  onDone,
}: {
  caseId: string;
  intake: Intake;
  onDone: () => void;
}) {
  const { t, tEnum, dateTime } = useI18n();
  const open = (step: string): boolean => intake.steps.some((s) => s.step === step && s.status === 'OPEN');
  const police = intake.policeNotification;
  return (
    <>
      <dl className="summary">
        {intake.assessment ? (
          <div>
            <dt>{t('intake.assessment')}</dt>
            <dd>
              {t('intake.assessmentValue', {
                level: tEnum('RiskLevel', intake.assessment.riskLevel),
                shelter: intake.assessment.needsShelter ? t('common.yes') : t('common.no'),
              })}
            </dd>
          </div>
        ) : null}
        {police.mode ? (
          <div>
            <dt>{t('intake.police')}</dt>
            <dd>
              {tEnum('PoliceNotificationMode', police.mode)}
              {police.notifiedAt ? ` · ${dateTime(police.notifiedAt)}` : ''}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t('intake.ssaApplication')}</dt>
          <dd>{tEnum('SsaApplicationStatus', intake.ssaApplication.status)}</dd>
        </div>
      </dl>
      {open('INTERVIEW') ? <InterviewForm caseId={caseId} onDone={onDone} /> : null}
      {police.awaitingCountersign ? (
        <CountersignAction caseId={caseId} onDone={onDone} />
      ) : open('POLICE_NOTIFICATION') && !police.mode ? (
        <PoliceForm caseId={caseId} onDone={onDone} />
      ) : null}
    </>
  );
}
