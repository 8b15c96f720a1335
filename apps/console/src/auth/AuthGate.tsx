import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { type User, type UserManager } from 'oidc-client-ts';
import { CALLBACK_PATH } from './auth';
import { useI18n } from '../i18n/i18n';
import { isLanguage, type Language } from '../i18n/types';
import { StatusScreen } from '../components/StatusScreen';

export type AuthState =
  | { kind: 'starting' }
  | { kind: 'signedOut' }
  | { kind: 'signedIn'; user: User }
  | { kind: 'expired' }
  | { kind: 'refused' }
  | { kind: 'signInFailed' }
  | { kind: 'providerUnreachable' };

export interface AuthActions {
  user: User;
  signOut: () => void;
  /** The API refused the token (UNAUTHENTICATED): the account is unknown, deactivated or the session ended. */
  reportRefused: () => void;
  /** Re-authenticates in a popup (unlocking the screen); resolves false when it did not succeed. */
  reauthenticate: () => Promise<boolean>;
}

/** Only an id path (never a query string) is carried through the provider and back. */
function currentPath(): string {
  const path = window.location.pathname;
  return path === CALLBACK_PATH ? '/' : path;
}

function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError || (error instanceof Error && /network|fetch/i.test(error.message));
}

export function AuthGate({
  manager,
  chosenLanguageRef,
  children,
}: {
  manager: UserManager;
  /** A language the person chose before signing in (null: none; the stored one then applies). */
  chosenLanguageRef?: { readonly current: Language | null };
  children: (auth: AuthActions) => ReactNode;
}) {
  const { t, setLanguage } = useI18n();
  const [state, setState] = useState<AuthState>({ kind: 'starting' });
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const start = async (): Promise<void> => {
      if (window.location.pathname === CALLBACK_PATH) {
        try {
          const user = await manager.signinCallback();
          const carried = user?.state as { path?: string; language?: string } | undefined;
          const back = carried?.path ?? '/';
          // The language chosen on the sign-in screen survives the trip through the provider.
          if (isLanguage(carried?.language)) setLanguage(carried.language);
          window.history.replaceState(null, '', back.startsWith('/') ? back : '/');
          setState(user ? { kind: 'signedIn', user } : { kind: 'signInFailed' });
        } catch (error) {
          window.history.replaceState(null, '', '/');
          setState({ kind: isNetworkError(error) ? 'providerUnreachable' : 'signInFailed' });
        }
        return;
      }
      // No session in memory (a first visit, a reload): the person chooses to sign in.
      setState({ kind: 'signedOut' });
    };
    void start();
  }, [manager, setLanguage]);

  useEffect(() => {
    const onLoaded = (user: User): void =>
      setState((s) => (s.kind === 'signedIn' ? { kind: 'signedIn', user } : s));
    const onExpired = (): void => setState((s) => (s.kind === 'signedIn' ? { kind: 'expired' } : s));
    const offLoaded = manager.events.addUserLoaded(onLoaded);
    const offExpired = manager.events.addAccessTokenExpired(onExpired);
    const offRenewError = manager.events.addSilentRenewError(onExpired);
    return () => {
      offLoaded();
      offExpired();
      offRenewError();
    };
  }, [manager]);

  const signIn = useCallback(() => {
    manager
      .signinRedirect({
        state: {
          path: currentPath(),
          ...(chosenLanguageRef?.current ? { language: chosenLanguageRef.current } : {}),
        },
      })
      .catch(() => setState({ kind: 'providerUnreachable' }));
  }, [manager, chosenLanguageRef]);

  const signOut = useCallback(() => {
    const user = state.kind === 'signedIn' ? state.user : null;
    void manager.removeUser().then(async () => {
      try {
        await manager.signoutRedirect(user?.id_token ? { id_token_hint: user.id_token } : undefined);
      } catch {
        setState({ kind: 'signedOut' });
      }
    });
  }, [manager, state]);

  const reportRefused = useCallback(() => {
    void manager.removeUser();
    setState({ kind: 'refused' });
  }, [manager]);

  const reauthenticate = useCallback(async (): Promise<boolean> => {
    const previous = state.kind === 'signedIn' ? state.user.profile.sub : null;
    try {
      const user = await manager.signinPopup({ prompt: 'login' });
      if (previous !== null && user.profile.sub !== previous) {
        // Someone else signed in at this desk: nothing of the previous person's screen may be shown to them.
        window.location.assign('/');
        return false;
      }
      setState({ kind: 'signedIn', user });
      return true;
    } catch {
      return false;
    }
  }, [manager, state]);

  switch (state.kind) {
    case 'starting':
      return <StatusScreen title={t('auth.starting')} busy />;
    case 'signedOut':
      return (
        <StatusScreen
          title={t('auth.welcomeTitle')}
          body={t('auth.welcomeBody')}
          action={{ label: t('auth.signIn'), onClick: signIn }}
        />
      );
    case 'expired':
      return (
        <StatusScreen
          title={t('auth.expiredTitle')}
          body={t('auth.expiredBody')}
          action={{ label: t('auth.signInAgain'), onClick: signIn }}
        />
      );
    case 'refused':
      return (
        <StatusScreen
          title={t('auth.refusedTitle')}
          body={t('auth.refusedBody')}
          action={{ label: t('auth.signInAgain'), onClick: signIn }}
        />
      );
    case 'signInFailed':
      return (
        <StatusScreen
          title={t('auth.failedTitle')}
          body={t('auth.failedBody')}
          action={{ label: t('auth.signInAgain'), onClick: signIn }}
        />
      );
    case 'providerUnreachable':
      return (
        <StatusScreen
          title={t('auth.unreachableTitle')}
          body={t('auth.unreachableBody')}
          action={{ label: t('auth.tryAgain'), onClick: () => window.location.assign('/') }}
        />
      );
    case 'signedIn':
      return <>{children({ user: state.user, signOut, reportRefused, reauthenticate })}</>;
  }
}
