import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorSummary, FailureNotice, newIdempotencyKey } from '../../components/forms';
import { Section, TextField } from '../../components/inputs';
import { useI18n } from '../../i18n/i18n';
import { problemsFor, toFailure, type Failure } from '../../lib/graphql-errors';
import { StaffNamesQuery } from '../risk/risk.operations';
import { AddCaseNoteMutation, CaseNotesQuery } from './notes.operations';

/** The API's limit on a note's length (AddCaseNoteInput.body). */
export const NOTE_MAX = 4000;
const BODY_ID = 'case-note-body';

/**
 * The notes your organisation keeps on a case. They never leave it (not part of a referral, not shown to the other
 * organisations on the case): the panel says so above the form. A retry after a failure reuses the key, so the API
 * returns the first note instead of adding it twice.
 */
export function CaseNotesPanel({
  caseId,
  staffOrganisationId,
}: {
  caseId: string;
  /** Your organisation when known (the owner's): its members' names are shown as authors. */
  staffOrganisationId: string | null;
}) {
  const { t, dateTime, number } = useI18n();
  const [notes, refetch] = useQuery({
    query: CaseNotesQuery,
    variables: { caseId },
    requestPolicy: 'cache-and-network',
  });
  const [staff] = useQuery({
    query: StaffNamesQuery,
    variables: { organisationId: staffOrganisationId ?? '' },
    pause: !staffOrganisationId,
  });
  const [addState, add] = useMutation(AddCaseNoteMutation);
  const [body, setBody] = useState('');
  const [key, setKey] = useState(newIdempotencyKey);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [added, setAdded] = useState(false);

  const readFailure = notes.error ? toFailure(notes.error) : null;
  if (!notes.data && (readFailure?.kind === 'notFound' || readFailure?.kind === 'forbidden')) return null;
  const author = (id: string): string =>
    staff.data?.staffMembers.find((s) => s.id === id)?.displayName ?? t('notes.colleague');

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setFailure(null);
    setAdded(false);
    if (body.trim() === '' || body.length > NOTE_MAX) {
      setFailure({ kind: 'badInput', fields: [{ path: 'input.body', message: '' }] });
      return;
    }
    const r = await add({ input: { caseId, body, idempotencyKey: key } });
    if (r.error) {
      setFailure(toFailure(r.error));
      return;
    }
    setKey(newIdempotencyKey());
    setBody('');
    setAdded(true);
    refetch({ requestPolicy: 'network-only' });
  };

  return (
    <Section title={t('notes.title')}>
      <p className="notice">{t('notes.staysInside')}</p>
      <FailureNotice failure={readFailure} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      {notes.data && notes.data.caseNotes.length === 0 ? <p>{t('notes.none')}</p> : null}
      {notes.data && notes.data.caseNotes.length > 0 ? (
        <ol className="notes">
          {notes.data.caseNotes.map((n) => (
            <li key={n.id}>
              <p className="hint">
                <time dateTime={n.createdAt}>{dateTime(n.createdAt)}</time> · {author(n.authorId)}
              </p>
              <p className="note-body">{n.body}</p>
            </li>
          ))}
        </ol>
      ) : null}
      <form onSubmit={(e) => void onSubmit(e)} noValidate aria-label={t('notes.add')}>
        <ErrorSummary
          failure={failure}
          fields={[{ path: 'input.body', id: BODY_ID, label: t('notes.body') }]}
        />
        {added ? (
          <p className="notice notice-success" role="status">
            {t('notes.added')}
          </p>
        ) : null}
        <TextField
          id={BODY_ID}
          label={t('notes.body')}
          hint={t('notes.bodyHint', { max: number(NOTE_MAX), left: number(NOTE_MAX - body.length) })}
          multiline
          required
          value={body}
          onChange={setBody}
          problems={problemsFor(failure, 'input.body')}
        />
        <button type="submit" className="button" disabled={addState.fetching}>
          {t('notes.add')}
        </button>
      </form>
    </Section>
  );
}
