import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { DomainError, DomainErrorCode } from '@lib/domain';
import { type GraphqlContext } from '../graphql/graphql-context';
import { type Actor } from './actor';

/** The authenticated actor (set by AuthGuard). */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = GqlExecutionContext.create(context).getContext<GraphqlContext>().actor;
  if (!actor) throw new DomainError(DomainErrorCode.UNAUTHENTICATED, 'Authentication required');
  return actor;
});

/** Request metadata the services record in audit rows. */
export interface RequestMeta {
  requestId: string;
}

export const RequestInfo = createParamDecorator((_data: unknown, context: ExecutionContext): RequestMeta => {
  return { requestId: GqlExecutionContext.create(context).getContext<GraphqlContext>().requestId };
});
