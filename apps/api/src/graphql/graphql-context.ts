import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type Actor } from '../auth/actor';

/** Per-request GraphQL context. `actor` is set by the global AuthGuard. */
export interface GraphqlContext {
  req: FastifyRequest;
  reply: FastifyReply;
  requestId: string;
  actor?: Actor;
}
