import { embeddedProviderRefusal } from './embedded-oidc-provider';

/** What `npm start` does about the console's sign-in. */
export type SignInPlan =
  /** Run the embedded provider on this port and interface (issuer `http://localhost:<port>`). */
  | { kind: 'embedded'; port: number; host: string }
  /** The organisation's provider (OIDC_ISSUER): the embedded one does not start, the stack goes on. */
  | { kind: 'external'; issuer: string; notice: string }
  /** Production without OIDC_ISSUER: the stack must not start (no sign-in, and never the demo provider). */
  | { kind: 'refused'; reason: string };

function port(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new Error('OIDC_EMBEDDED_PORT must be an integer between 1 and 65535');
  return n;
}

/**
 * OIDC_ISSUER set: external. NODE_ENV=production (without it): refused. Otherwise the embedded provider on
 * OIDC_EMBEDDED_PORT (default: the API's port + 1), on 127.0.0.1 unless OIDC_EMBEDDED_HOST (its issuer is
 * `http://localhost:<port>`, so only a browser on this machine can use it anyway). The API port must be fixed: the
 * console's origin is a registered redirect URI.
 */
export function signInPlan(env: NodeJS.ProcessEnv, apiPort: number): SignInPlan {
  const refusal = embeddedProviderRefusal(env);
  if (env.OIDC_ISSUER) return { kind: 'external', issuer: env.OIDC_ISSUER, notice: refusal ?? '' };
  if (refusal) return { kind: 'refused', reason: refusal };
  if (apiPort === 0)
    throw new Error(
      'PORT=0 cannot be used with the embedded OpenID provider: the console origin is a registered redirect URI; choose a port',
    );
  const chosen = port(env.OIDC_EMBEDDED_PORT, apiPort + 1);
  if (chosen > 65535) throw new Error('OIDC_EMBEDDED_PORT must be set when the API port is 65535');
  if (chosen === apiPort) throw new Error('OIDC_EMBEDDED_PORT must differ from the API port');
  return { kind: 'embedded', port: chosen, host: env.OIDC_EMBEDDED_HOST || '127.0.0.1' };
}

/** The origins the console is served from by the API on `apiPort` (both loopback spellings). */
export function consoleOrigins(apiPort: number): string[] {
  return [`http://localhost:${apiPort}`, `http://127.0.0.1:${apiPort}`];
}
