import { useCallback, useEffect, useMemo, useRef, useState, type MutableRefObject } from 'react';
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
import { ReferPage } from '../features/referrals/ReferPage';
import { ReferralPage } from '../features/referrals/ReferralPage';
import { Monitoring } from '../features/monitoring/Monitoring';
import { AuditPage } from '../features/audit/AuditPage';
import { type ConsoleConfig } from './config';
import { createGraphqlClient } from './graphql-client';
import { useLanguageSync } from './language-sync';
import { Link, useRoute, type Route } from './router';
import { Shell } from './Shell';

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
  return (
    <Shell route={route} onSignOut={onSignOut}>
      <Screen route={route} onRefused={onRefused} />
    </Shell>
  );
}

function Screen({ route, onRefused }: { route: Route; onRefused: () => void }) {
  const { t } = useI18n();
  switch (route.name) {
    case 'inbox':
      return <Inbox onRefused={onRefused} />;
    case 'openCase':
      return <OpenCase />;
    case 'case':
      return <CasePage key={route.caseId} caseId={route.caseId} />;
    case 'refer':
      return <ReferPage key={route.caseId} caseId={route.caseId} />;
    case 'referral':
      return <ReferralPage key={route.referralId} referralId={route.referralId} />;
    case 'monitoring':
      return <Monitoring />;
    case 'audit':
      return <AuditPage />;
    case 'notFound':
      return (
        <Page title={t('errors.pageNotFoundTitle')}>
          <p>{t('errors.pageNotFoundBody')}</p>
          <Link to={{ name: 'inbox' }}>{t('nav.inbox')}</Link>
        </Page>
      );
  }
}
