import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { useQuery } from 'urql';
import { StatusScreen } from '../components/StatusScreen';
import { failureMessageKey } from '../components/forms';
import { useI18n } from '../i18n/i18n';
import { toFailure } from '../lib/graphql-errors';
import { MeQuery } from './me.operations';
import { type Me } from './navigation';

const MeContext = createContext<Me | null>(null);

/** The signed-in member (inside MeGate only). */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside MeGate');
  return me;
}

/**
 * Reads `me` once after sign-in and holds the screens until it arrives. A member without any role gets a plain
 * "no access" screen (never an empty console); a refused token ends the session like any other refusal.
 */
export function MeGate({
  onSignOut,
  onRefused,
  children,
}: {
  onSignOut: () => void;
  onRefused: () => void;
  children: (me: Me) => ReactNode;
}) {
  const { t } = useI18n();
  const [result, reload] = useQuery({ query: MeQuery });
  const failure = result.error ? toFailure(result.error) : null;
  useEffect(() => {
    if (failure?.kind === 'unauthenticated') onRefused();
  }, [failure?.kind, onRefused]);
  const me = result.data?.me;
  if (!me) {
    if (failure && failure.kind !== 'unauthenticated')
      return (
        <StatusScreen
          title={t('auth.unreachableTitle')}
          body={t(failureMessageKey(failure))}
          action={{ label: t('auth.tryAgain'), onClick: () => reload({ requestPolicy: 'network-only' }) }}
        />
      );
    return <StatusScreen title={t('auth.starting')} busy />;
  }
  if (me.roles.length === 0)
    return (
      <StatusScreen
        title={t('auth.noRoleTitle')}
        body={t('auth.noRoleBody')}
        action={{ label: t('auth.signOut'), onClick: onSignOut }}
      />
    );
  return <MeContext.Provider value={me}>{children(me)}</MeContext.Provider>;
}
