import { useEffect, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { type MessageKey } from '../i18n/messages/en';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useNewNotificationCount } from '../features/notifications/use-new-notifications';
import { ADMIN_SECTIONS, sectionsFor, type Me, type Section } from './navigation';
import { Link, type Route } from './router';

interface NavItem {
  route: Route;
  label: MessageKey;
  /** The routes under this item (aria-current). */
  covers: Route['name'][];
}

const ITEMS: Partial<Record<Section, NavItem>> = {
  inbox: { route: { name: 'inbox' }, label: 'nav.inbox', covers: ['inbox'] },
  caseload: { route: { name: 'caseload' }, label: 'nav.caseload', covers: ['caseload'] },
  openCase: { route: { name: 'openCase' }, label: 'nav.openCase', covers: ['openCase'] },
  monitoring: { route: { name: 'monitoring' }, label: 'nav.monitoring', covers: ['monitoring'] },
  audit: { route: { name: 'audit' }, label: 'nav.audit', covers: ['audit'] },
};
const ADMIN_ITEM: NavItem = {
  route: { name: 'admin' },
  label: 'nav.admin',
  covers: ['admin', 'organisations', 'staff', 'webhooks'],
};

const NOTIFICATIONS_ITEM: NavItem = {
  route: { name: 'notifications' },
  label: 'nav.notifications',
  covers: ['notifications', 'notificationSettings'],
};

/**
 * The signed-in frame: skip link, navigation by role (from `me`: a convenience only, the API still refuses what a
 * role may not do), who is signed in, language, sign-out, and the screen.
 */
export function Shell({
  me,
  route,
  onSignOut,
  children,
}: {
  me: Me;
  route: Route;
  onSignOut: () => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  useEffect(() => {
    window.scrollTo?.(0, 0);
  }, [route]);
  const viewingFeed = route.name === 'notifications';
  const newNotifications = useNewNotificationCount(viewingFeed);
  const sections = sectionsFor(me);
  const items: NavItem[] = sections.flatMap((s) => {
    const item = ITEMS[s];
    return item ? [item] : [];
  });
  if (sections.some((s) => ADMIN_SECTIONS.includes(s))) items.push(ADMIN_ITEM);
  if (sections.includes('notifications')) items.push(NOTIFICATIONS_ITEM);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="top-bar">
        <span className="brand">{t('app.name')}</span>
        <nav aria-label={t('nav.label')}>
          <ul>
            {items.map((item) => (
              <li key={item.label}>
                <Link to={item.route} aria-current={item.covers.includes(route.name) ? 'page' : undefined}>
                  {t(item.label)}
                  {item === NOTIFICATIONS_ITEM && newNotifications > 0 ? (
                    <>
                      {' '}
                      <span className="badge">{t('nav.newNotifications', { count: newNotifications })}</span>
                    </>
                  ) : null}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="top-bar-tools">
          <span className="signed-in-as">
            {t('nav.signedInAs', { name: me.displayName, organisation: me.organisation.name })}
          </span>
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
