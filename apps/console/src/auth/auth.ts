import { InMemoryWebStorage, UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import { type ConsoleConfig } from '../app/config';

export const CALLBACK_PATH = '/auth/callback';

/**
 * OIDC authorization code + PKCE. Tokens live in memory only (InMemoryWebStorage): a reload or a closed tab forgets
 * them (signing in again is one click while the provider's session lasts). Renewal uses the refresh token (no iframe:
 * the pages forbid framing). Only the short-lived request state (PKCE verifier, nonce, the path to return to: ids only, and the screen language)
 * sits in sessionStorage between the redirect and the callback; it is removed when the callback completes.
 */
export function createUserManager(config: ConsoleConfig, origin = window.location.origin): UserManager {
  return new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: `${origin}${CALLBACK_PATH}`,
    popup_redirect_uri: `${origin}${CALLBACK_PATH}`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code',
    scope: config.scope,
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage, prefix: 'nrm.oidc.' }),
    automaticSilentRenew: true,
    silentRequestTimeoutInSeconds: 8,
    monitorSession: false,
    loadUserInfo: false,
  });
}

export type { User };

/** The current access token, in memory, for the GraphQL client's requests (renewals replace it). */
export class AccessTokenHolder {
  constructor(private value: string | null) {}
  get(): string | null {
    return this.value;
  }
  set(value: string | null): void {
    this.value = value;
  }
}
