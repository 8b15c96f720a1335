import { resolve } from 'node:path';

/** What the API needs to serve the console: where its build is and what the browser must know to sign in. */
export interface ConsoleWebConfig {
  /** The console's Vite build (`<repo>/dist/console`; CONSOLE_DIR overrides). */
  staticDir: string;
  /** The OpenID provider the console signs in with (OIDC_ISSUER, or the embedded one of `npm start`); null: none. */
  issuer: string | null;
  /** The console's client id at that provider (CONSOLE_OIDC_CLIENT_ID; default `nrm-console`). */
  clientId: string;
  /** The scope the console requests (CONSOLE_OIDC_SCOPE; default `openid profile api`, the embedded provider's). */
  scope: string;
  /** Minutes without input before the console locks its screen (CONSOLE_IDLE_LOCK_MINUTES; default 15). */
  idleLockMinutes: number;
}

export const DEFAULT_CONSOLE_CLIENT_ID = 'nrm-console';
export const DEFAULT_CONSOLE_SCOPE = 'openid profile api';
export const DEFAULT_IDLE_LOCK_MINUTES = 15;

/** `<repo>/dist/console`: apps/api/src/web → repo; compiled dist/apps/api/src/web → repo. */
export function defaultConsoleDir(): string {
  const parts = __dirname.split(/[\\/]/);
  const up = parts.includes('dist') ? ['..', '..', '..', '..', '..'] : ['..', '..', '..', '..'];
  return resolve(__dirname, ...up, 'dist', 'console');
}

function idleMinutes(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_IDLE_LOCK_MINUTES;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 24 * 60)
    throw new Error('CONSOLE_IDLE_LOCK_MINUTES must be an integer from 1 to 1440');
  return n;
}

/** The issuer when it is an http(s) URL (as OpenID issuers are); anything else leaves the console without sign-in. */
function issuerUrl(raw: string | undefined | null): string | null {
  if (raw === undefined || raw === null || raw === '') return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? raw : null;
  } catch {
    return null;
  }
}

/**
 * The console settings from the environment; `overrides` (npm start's embedded provider) win. The browser fetches
 * the issuer's discovery document, and the CSP allows connections to the issuer's origin.
 */
export function consoleWebConfigFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<ConsoleWebConfig> = {},
): ConsoleWebConfig {
  const issuer = 'issuer' in overrides ? (overrides.issuer ?? null) : env.OIDC_ISSUER;
  return {
    staticDir: overrides.staticDir ?? (env.CONSOLE_DIR ? resolve(env.CONSOLE_DIR) : defaultConsoleDir()),
    issuer: issuerUrl(issuer),
    clientId: overrides.clientId ?? (env.CONSOLE_OIDC_CLIENT_ID || DEFAULT_CONSOLE_CLIENT_ID),
    scope: overrides.scope ?? (env.CONSOLE_OIDC_SCOPE || DEFAULT_CONSOLE_SCOPE),
    idleLockMinutes: overrides.idleLockMinutes ?? idleMinutes(env.CONSOLE_IDLE_LOCK_MINUTES),
  };
}
