/** What the API tells the console at GET /console-config.json (no secrets: a public client with PKCE). */
export interface ConsoleConfig {
  issuer: string;
  clientId: string;
  graphqlUrl: string;
  idleLockMinutes: number;
  /** Scopes to ask the provider for (the API's audience is reached through them). */
  scope: string;
}

export function parseConfig(raw: unknown): ConsoleConfig {
  const value = (raw ?? {}) as Record<string, unknown>;
  const { issuer, clientId, graphqlUrl, idleLockMinutes, scope } = value;
  if (typeof issuer !== 'string' || typeof clientId !== 'string' || typeof graphqlUrl !== 'string') {
    throw new Error('Incomplete console configuration');
  }
  const minutes = typeof idleLockMinutes === 'number' && idleLockMinutes > 0 ? idleLockMinutes : 15;
  return {
    issuer,
    clientId,
    graphqlUrl,
    idleLockMinutes: minutes,
    scope: typeof scope === 'string' && scope ? scope : 'openid profile api',
  };
}

export async function loadConfig(fetchImpl: typeof fetch = fetch): Promise<ConsoleConfig> {
  const response = await fetchImpl('/console-config.json', { cache: 'no-store', credentials: 'same-origin' });
  if (!response.ok) throw new Error(`Console configuration unavailable (${response.status})`);
  return parseConfig(await response.json());
}
