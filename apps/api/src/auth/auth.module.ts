import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { OrganisationsModule } from '@lib/organisations';
import { ActorResolver } from './actor-resolver.service';
import { AuthGuard } from './auth.guard';
import { TokenVerifier } from './token-verifier';

/** Deny by default: AuthGuard is the global guard of every resolver and field resolver. */
@Module({
  imports: [OrganisationsModule],
  providers: [TokenVerifier, ActorResolver, { provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthModule {}
