import { type MercuriusDriverConfig } from '@nestjs/mercurius';
import { type FastifyRequest } from 'fastify';
import { type TokenVerifier } from '@lib/auth';

/** Close code sent when the token of a live connection expires (graphql-ws: 4401 Unauthorized). */
export const TOKEN_EXPIRED_CLOSE_CODE = 4401;

interface Closable {
  close(code?: number, reason?: string): void;
  once(event: 'close', listener: () => void): unknown;
}

/** The subscription context: the upgrade request (whose headers receive connection_init's), the socket, the token's expiry. */
export interface SubscriptionContextExtras {
  socket?: Closable;
  tokenExpiresAt?: Date;
}

function bearerOf(payload: unknown): string | undefined {
  if (!payload || typeof payload !== 'object') return undefined;
  const p = payload as {
    authorization?: unknown;
    Authorization?: unknown;
    headers?: { authorization?: unknown };
  };
  const value = p.authorization ?? p.Authorization ?? p.headers?.authorization;
  return typeof value === 'string' ? value : undefined;
}

const armed = new WeakSet<Closable>();

/** Closes the socket when its token expires (once per socket). */
export function closeAtTokenExpiry(ctx: SubscriptionContextExtras): void {
  const socket = ctx.socket;
  if (!socket || !ctx.tokenExpiresAt || armed.has(socket)) return;
  armed.add(socket);
  const ms = Math.max(0, ctx.tokenExpiresAt.getTime() - Date.now());
  // setTimeout holds at most ~24.8 days; tokens are far shorter, and a longer one is closed early, which is safe.
  const timer = setTimeout(
    () => socket.close(TOKEN_EXPIRED_CLOSE_CODE, 'Token expired'),
    Math.min(ms, 2_147_000_000),
  );
  socket.once('close', () => clearTimeout(timer));
}

/**
 * GraphQL subscriptions over WebSocket (graphql-ws and the legacy subscriptions-transport-ws protocol, as Mercurius
 * supports): the bearer token is checked at connection_init (an invalid or expired one refuses the connection), its
 * `Authorization` then reaches the per-operation AuthGuard like an HTTP request's, and the socket closes at the token's expiry.
 */
export function subscriptionOptions(
  verifier: Promise<TokenVerifier>,
): MercuriusDriverConfig['subscription'] {
  verifier.catch(() => undefined); // a bad auth configuration fails the AuthModule's start; here it only refuses connections
  return {
    keepAlive: 30_000,
    context: (socket: unknown, request: FastifyRequest) => ({
      req: request,
      socket: socket as Closable,
      requestId: request.id,
    }),
    onConnect: async (data: { payload?: unknown }) => {
      const header = bearerOf(data.payload);
      if (!header) return false;
      try {
        const principal = await (await verifier).verifyBearer(header);
        if (principal.expiresAt.getTime() <= Date.now()) return false;
        return { tokenExpiresAt: principal.expiresAt };
      } catch {
        return false;
      }
    },
  };
}
