import { useEffect, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { Link, type Route } from './router';

/** The signed-in frame: skip link, navigation, language, sign-out, and the screen. */
export function Shell({
  route,
  onSignOut,
  children,
}: {
  route: Route;
  onSignOut: () => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  useEffect(() => {
    window.scrollTo?.(0, 0);
  }, [route]);
  const current = (name: Route['name']): 'page' | undefined => (route.name === name ? 'page' : undefined);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="top-bar">
        <span className="brand">{t('app.name')}</span>
        <nav aria-label={t('nav.label')}>
          <ul>
            <li>
              <Link to={{ name: 'inbox' }} aria-current={current('inbox')}>
                {t('nav.inbox')}
              </Link>
            </li>
            <li>
              <Link to={{ name: 'openCase' }} aria-current={current('openCase')}>
                {t('nav.openCase')}
              </Link>
            </li>
            <li>
              <Link to={{ name: 'monitoring' }} aria-current={current('monitoring')}>
                {t('nav.monitoring')}
              </Link>
            </li>
            {/* The console has no current-staff query to read roles from: the API refuses non-auditors plainly. */}
            <li>
              <Link to={{ name: 'audit' }} aria-current={current('audit')}>
                {t('nav.audit')}
              </Link>
            </li>
          </ul>
        </nav>
        <div className="top-bar-tools">
          <LanguageSwitch />
          <button type="button" className="button button-secondary" onClick={onSignOut}>
            {t('auth.signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
