import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type MutableRefObject,
} from 'react';
import { Provider } from 'urql';
import { type UserManager } from 'oidc-client-ts';
import { AccessTokenHolder } from '../auth/auth';
import { AuthGate, type AuthActions } from '../auth/AuthGate';
import { IdleLock } from '../auth/IdleLock';
import { I18nProvider, useI18n } from '../i18n/i18n';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/types';
import { Page } from '../components/Page';
import { Inbox } from '../features/inbox/Inbox';
import { OpenCase } from '../features/cases/OpenCase';
import { CasePage } from '../features/cases/CasePage';
import { CaseloadPage } from '../features/caseload/CaseloadPage';
import { ReferPage } from '../features/referrals/ReferPage';
import { ReferralPage } from '../features/referrals/ReferralPage';
import { Monitoring } from '../features/monitoring/Monitoring';
import { AuditPage } from '../features/audit/AuditPage';
import { type ConsoleConfig } from './config';
import { createGraphqlClient } from './graphql-client';
import { useLanguageSync } from './language-sync';
import { MeGate } from './MeGate';
import { ADMIN_SECTIONS, sectionsFor, type Me } from './navigation';
import { Link, useRoute, type Route } from './router';
import { Shell } from './Shell';

// Administration is used by few people: its screens load only when opened (the first load stays small).
const AdminPage = lazy(() => import('../features/admin/AdminPage').then((m) => ({ default: m.AdminPage })));
const OrganisationsPage = lazy(() =>
  import('../features/admin/OrganisationsPage').then((m) => ({ default: m.OrganisationsPage })),
);
const StaffPage = lazy(() => import('../features/admin/StaffPage').then((m) => ({ default: m.StaffPage })));
const NotificationsPage = lazy(() =>
  import('../features/notifications/NotificationsPage').then((m) => ({ default: m.NotificationsPage })),
);
const NotificationSettingsPage = lazy(() =>
  import('../features/notifications/NotificationSettingsPage').then((m) => ({
    default: m.NotificationSettingsPage,
  })),
);
const WebhooksPage = lazy(() =>
  import('../features/admin/WebhooksPage').then((m) => ({ default: m.WebhooksPage })),
);

type Persist = MutableRefObject<((language: Language) => void) | null>;

export function App({ config, manager }: { config: ConsoleConfig; manager: UserManager }) {
  const [language, setLanguageState] = useState<Language>(DEFAULT_LANGUAGE);
  const persistRef: Persist = useRef(null);
  /** A language chosen before the signed-in screens could store it (sign-in screen, return from the provider). */
  const earlyChoiceRef = useRef<Language | null>(null);
  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    if (persistRef.current) persistRef.current(next);
    else earlyChoiceRef.current = next;
  }, []);
  return (
    <I18nProvider language={language} setLanguage={setLanguage}>
      <AuthGate manager={manager} chosenLanguageRef={earlyChoiceRef}>
        {(auth) => (
          <SignedIn
            auth={auth}
            config={config}
            applyLanguage={setLanguageState}
            persistRef={persistRef}
            earlyChoiceRef={earlyChoiceRef}
          />
        )}
      </AuthGate>
    </I18nProvider>
  );
}

function SignedIn({
  auth,
  config,
  applyLanguage,
  persistRef,
  earlyChoiceRef,
}: {
  auth: AuthActions;
  config: ConsoleConfig;
  applyLanguage: (language: Language) => void;
  persistRef: Persist;
  earlyChoiceRef: MutableRefObject<Language | null>;
}) {
  const [tokens] = useState(() => new AccessTokenHolder(auth.user.access_token));
  useEffect(() => tokens.set(auth.user.access_token), [tokens, auth.user.access_token]);
  const { reportRefused } = auth;
  const client = useMemo(
    () => createGraphqlClient(config.graphqlUrl, () => tokens.get(), reportRefused),
    [config.graphqlUrl, reportRefused, tokens],
  );
  return (
    <Provider value={client}>
      <LanguageSync applyLanguage={applyLanguage} persistRef={persistRef} earlyChoiceRef={earlyChoiceRef} />
      <IdleLock minutes={config.idleLockMinutes} unlock={auth.reauthenticate}>
        <Screens onSignOut={auth.signOut} onRefused={reportRefused} />
      </IdleLock>
    </Provider>
  );
}

function LanguageSync({
  applyLanguage,
  persistRef,
  earlyChoiceRef,
}: {
  applyLanguage: (language: Language) => void;
  persistRef: Persist;
  earlyChoiceRef: MutableRefObject<Language | null>;
}) {
  const write = useLanguageSync(applyLanguage, earlyChoiceRef);
  useEffect(() => {
    persistRef.current = write;
    return () => {
      persistRef.current = null;
    };
  }, [persistRef, write]);
  return null;
}

function Screens({ onSignOut, onRefused }: { onSignOut: () => void; onRefused: () => void }) {
  const route = useRoute();
  const { t } = useI18n();
  return (
    <MeGate onSignOut={onSignOut} onRefused={onRefused}>
      {(me) => (
        <Shell me={me} route={route} onSignOut={onSignOut}>
          <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
            <Screen route={route} me={me} onRefused={onRefused} />
          </Suspense>
        </Shell>
      )}
    </MeGate>
  );
}

function Screen({ route, me, onRefused }: { route: Route; me: Me; onRefused: () => void }) {
  const { t } = useI18n();
  switch (route.name) {
    case 'inbox': {
      // An administrator without an inbox starts at administration (the inbox would only refuse them).
      const sections = sectionsFor(me);
      if (!sections.includes('inbox') && sections.some((s) => ADMIN_SECTIONS.includes(s)))
        return <AdminPage />;
      return <Inbox me={me} onRefused={onRefused} />;
    }
    case 'openCase':
      return <OpenCase />;
    case 'caseload':
      return <CaseloadPage />;
    case 'case':
      return <CasePage key={route.caseId} caseId={route.caseId} me={me} />;
    case 'refer':
      return <ReferPage key={route.caseId} caseId={route.caseId} />;
    case 'referral':
      return <ReferralPage key={route.referralId} referralId={route.referralId} />;
    case 'monitoring':
      return <Monitoring />;
    case 'audit':
      return <AuditPage />;
    case 'admin':
      return <AdminPage />;
    case 'organisations':
      return <OrganisationsPage />;
    case 'staff':
      return <StaffPage />;
    case 'webhooks':
      return <WebhooksPage />;
    case 'notifications':
      return <NotificationsPage />;
    case 'notificationSettings':
      return <NotificationSettingsPage />;
    case 'notFound':
      return (
        <Page title={t('errors.pageNotFoundTitle')}>
          <p>{t('errors.pageNotFoundBody')}</p>
          <Link to={{ name: 'inbox' }}>{t('nav.inbox')}</Link>
        </Page>
      );
  }
}
