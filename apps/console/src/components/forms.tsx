import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { type MessageKey } from '../i18n/messages/en';
import { type Failure, type FieldProblem } from '../lib/graphql-errors';

/** A form field the API may name in `extensions.fields[].path`: its element id and its label. */
export interface FieldRef {
  path: string;
  id: string;
  label: string;
}

/** The plain message for a failure that is not about one field. */
export function failureMessageKey(failure: Failure): MessageKey {
  switch (failure.kind) {
    case 'badInput':
      return 'errors.badInput';
    case 'forbidden':
      return failure.consentRequired ? 'errors.consentRequired' : 'errors.forbidden';
    case 'notFound':
      return 'errors.notFound';
    case 'conflict':
      return failure.stale ? 'errors.stale' : 'errors.conflict';
    case 'unauthenticated':
      return 'errors.unauthenticated';
    case 'network':
      return 'errors.network';
    case 'server':
      return 'errors.server';
  }
}

/**
 * GOV.UK error summary: at the top of the form, focused when it appears, each field problem a link to its field.
 * Non-field failures (FORBIDDEN, NOT_FOUND, CONFLICT, network) show their plain message.
 */
export function ErrorSummary({
  failure,
  fields,
  children,
}: {
  failure: Failure | null;
  fields: FieldRef[];
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (failure) box.current?.focus();
  }, [failure]);
  if (!failure) return null;
  const problems: FieldProblem[] = failure.kind === 'badInput' ? failure.fields : [];
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={box} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t('errors.summaryTitle')}</h2>
      <p>{t(failureMessageKey(failure))}</p>
      {problems.length > 0 ? (
        <ul>
          {problems.map((p) => {
            const field = fields.find((f) => f.path === p.path);
            return (
              <li key={p.path}>
                {field ? (
                  <a href={`#${field.id}`}>{t('errors.fieldInvalid', { field: field.label })}</a>
                ) : (
                  t('errors.otherFieldInvalid')
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
      {children}
    </div>
  );
}

/** The message beside a field the API refused (its own English detail kept, marked as English). */
export function FieldError({ id, problems }: { id: string; problems: FieldProblem[] }) {
  const { t } = useI18n();
  if (problems.length === 0) return null;
  return (
    <p className="field-error" id={`${id}-error`}>
      <span className="visually-hidden">{t('errors.errorPrefix')} </span>
      {t('errors.fieldNeedsChange')}
      {problems.map((p) =>
        p.message ? (
          <span key={p.message} lang="en" className="field-error-detail">
            {' '}
            ({p.message})
          </span>
        ) : null,
      )}
    </p>
  );
}

export function describedBy(id: string, problems: FieldProblem[], hint?: boolean): string | undefined {
  const ids = [hint ? `${id}-hint` : null, problems.length > 0 ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** A plain message for a failed read or action, in a live region. */
export function FailureNotice({ failure, onRetry }: { failure: Failure | null; onRetry?: () => void }) {
  const { t } = useI18n();
  if (!failure) return null;
  return (
    <div className="notice notice-error" role="alert">
      <p>{t(failureMessageKey(failure))}</p>
      {onRetry ? (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
