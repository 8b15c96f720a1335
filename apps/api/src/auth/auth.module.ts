import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { type AuthConfig, BearerVerifier, authConfigFromEnv } from '@lib/auth';
import { OrganisationsModule } from '@lib/organisations';
import { ActorResolver } from './actor-resolver.service';
import { AuthGuard } from './auth.guard';
import { TOKEN_VERIFIER } from './token-verifier';

/** Deny by default: AuthGuard is the global guard of every resolver and field resolver. */
@Module({})
export class AuthModule {
  static forRoot(config?: AuthConfig): DynamicModule {
    return {
      module: AuthModule,
      imports: [OrganisationsModule],
      providers: [
        { provide: TOKEN_VERIFIER, useFactory: () => BearerVerifier.create(config ?? authConfigFromEnv()) },
        ActorResolver,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }
}
