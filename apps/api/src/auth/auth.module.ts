import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { type AuthConfig, authConfigFromEnv, createTokenVerifier } from '@lib/auth';
import { OrganisationsModule } from '@lib/organisations';
import { ActorResolver } from './actor-resolver.service';
import { PrincipalCache, principalCacheOptionsFromEnv } from './principal-cache';
import { PrincipalChangeListener } from './principal-change.listener';
import { AuthGuard } from './auth.guard';
import { TOKEN_VERIFIER } from './token-verifier';
import { IDENTITY_SETTINGS, identitySettingsOf } from './identity-settings';

const AUTH_CONFIG = Symbol('AUTH_CONFIG');

/** Deny by default: AuthGuard is the global guard of every resolver and field resolver. */
@Module({})
export class AuthModule {
  static forRoot(config?: AuthConfig): DynamicModule {
    return {
      module: AuthModule,
      imports: [OrganisationsModule],
      providers: [
        { provide: AUTH_CONFIG, useFactory: () => config ?? authConfigFromEnv() },
        { provide: TOKEN_VERIFIER, useFactory: (c: AuthConfig) => createTokenVerifier(c), inject: [AUTH_CONFIG] },
        { provide: IDENTITY_SETTINGS, useFactory: identitySettingsOf, inject: [AUTH_CONFIG] },
        { provide: PrincipalCache, useFactory: () => new PrincipalCache(principalCacheOptionsFromEnv()) },
        PrincipalChangeListener,
        ActorResolver,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [IDENTITY_SETTINGS],
    };
  }
}
