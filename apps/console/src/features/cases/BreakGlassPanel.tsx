import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { ErrorSummary } from '../../components/forms';
import { Section, TextField } from '../../components/inputs';
import { useI18n } from '../../i18n/i18n';
import { problemsFor, toFailure, type Failure } from '../../lib/graphql-errors';
import { BreakGlassReadCaseMutation } from './case.operations';
import type { BreakGlassReadCaseMutation as BreakGlassResult } from '../../gql/graphql';

export type BreakGlassCase = BreakGlassResult['breakGlassReadCase'];

/** The API's own minimum for a justification (schema: "justification ≥ 20 characters"). */
export const MIN_JUSTIFICATION = 20;

/**
 * Emergency access to a case this person may not otherwise see: a written justification, audited as break-glass and
 * reviewed by a supervisor. The API decides who may (supervisors); a refusal is shown plainly.
 */
export function BreakGlassPanel({
  caseId,
  onOpened,
}: {
  caseId: string;
  onOpened: (c: BreakGlassCase) => void;
}) {
  const { t } = useI18n();
  const [justification, setJustification] = useState('');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [state, breakGlass] = useMutation(BreakGlassReadCaseMutation);
  const field = {
    path: 'justification',
    id: 'break-glass-justification',
    label: t('breakGlass.justification'),
  };

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (justification.trim().length < MIN_JUSTIFICATION) {
      setFailure({ kind: 'badInput', fields: [{ path: field.path, message: '' }] });
      return;
    }
    setFailure(null);
    const r = await breakGlass({ caseId, justification: justification.trim() });
    if (r.error) setFailure(toFailure(r.error));
    else if (r.data) onOpened(r.data.breakGlassReadCase);
  };

  return (
    <Section title={t('breakGlass.title')}>
      <p>{t('breakGlass.explanation')}</p>
      <form noValidate onSubmit={(e) => void onSubmit(e)}>
        <ErrorSummary failure={failure} fields={[field]} />
        <TextField
          id={field.id}
          label={field.label}
          hint={t('breakGlass.justificationHint', { min: String(MIN_JUSTIFICATION) })}
          problems={problemsFor(failure, field.path)}
          value={justification}
          onChange={setJustification}
          multiline
          required
        />
        <button type="submit" className="button button-warning" disabled={state.fetching}>
          {t('breakGlass.submit')}
        </button>
      </form>
    </Section>
  );
}
