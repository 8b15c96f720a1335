import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/i18n';
import { LanguageSwitch } from './LanguageSwitch';

/** A whole-page message (sign-in, expired session, refusal, failure): never a blank page. */
export function StatusScreen({
  title,
  body,
  action,
  busy = false,
}: {
  title: string;
  body?: string;
  action?: { label: string; onClick: () => void };
  busy?: boolean;
}) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
    heading.current?.focus();
  }, [title, t]);
  return (
    <div className="status-page">
      <header className="status-header">
        <span className="brand">{t('app.name')}</span>
        <LanguageSwitch />
      </header>
      <main className="status-main" aria-busy={busy}>
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {body ? <p>{body}</p> : null}
        {action ? (
          <button type="button" className="button" onClick={action.onClick}>
            {action.label}
          </button>
        ) : null}
      </main>
    </div>
  );
}
