import './graphql/enums';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { type MercuriusDriverConfig } from '@nestjs/mercurius';
import { PersistenceModule } from '@lib/persistence';
import { AuthModule } from './auth/auth.module';
import { type ApiConfig } from './config/api-config';
import { GraphqlExceptionFilter } from './graphql/errors/graphql-exception.filter';
import { graphqlOptions } from './graphql/graphql-options';
import { HealthResolver } from './health/health.resolver';

export interface AppModuleOptions {
  config: ApiConfig;
  databaseUrl: string;
  poolSize?: number;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PersistenceModule.forRoot({ url: options.databaseUrl, poolSize: options.poolSize ?? 20, applicationName: 'nrm-api' }),
        GraphQLModule.forRoot<MercuriusDriverConfig>(graphqlOptions(options.config)),
        AuthModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: GraphqlExceptionFilter }, HealthResolver],
    };
  }
}
