import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { DomainError, DomainErrorCode } from '@lib/domain';
import { type GraphqlContext } from '../graphql/graphql-context';
import { type Actor } from './actor';
import { ActorResolver } from './actor-resolver.service';
import { IS_PUBLIC } from './public.decorator';

const unauthenticated = (): DomainError => new DomainError(DomainErrorCode.UNAUTHENTICATED, 'Authentication required');

/**
 * Global guard (APP_GUARD): every operation and field resolver needs a valid bearer token of an ACTIVE staff member
 * of an organisation, unless marked @Public(). The Actor is built once per request and kept on the context.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly pending = new WeakMap<GraphqlContext, Promise<Actor>>();

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ActorResolver) private readonly actors: ActorResolver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic === true) return true;
    if (context.getType<string>() !== 'graphql') throw unauthenticated();
    const ctx = GqlExecutionContext.create(context).getContext<GraphqlContext>();
    if (ctx.actor) return true;
    let pending = this.pending.get(ctx);
    if (!pending) {
      pending = this.authenticate(ctx);
      this.pending.set(ctx, pending);
    }
    ctx.actor = await pending;
    return true;
  }

  private authenticate(ctx: GraphqlContext): Promise<Actor> {
    return this.actors.fromAuthorizationHeader(ctx.req.headers.authorization);
  }
}
