import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { type DataSourceOptions } from 'typeorm';
import { dataSourceOptions, type DataSourceTuning } from './data-source';
import { resolveDatabaseUrl } from './embedded-postgres';
import { IdempotencyService } from './idempotency.service';

export interface PersistenceModuleOptions extends DataSourceTuning {
  /** Connection URL; default DATABASE_URL, else the embedded cluster under `<repo>/.data/postgres`. */
  url?: string;
}

/**
 * The application's one DataSource (`TypeOrmModule.forRootAsync`) plus `IdempotencyService`. Global: feature modules
 * use `TypeOrmModule.forFeature([...])` or inject `DataSource` directly. Does not run migrations: run
 * `npm run migrate` (or `runMigrations`) first.
 */
@Global()
@Module({})
export class PersistenceModule {
  static forRoot(options: PersistenceModuleOptions = {}): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: async (): Promise<DataSourceOptions> => {
            const url = options.url ?? (await resolveDatabaseUrl()).url;
            return dataSourceOptions(url, options);
          },
        }),
      ],
      providers: [IdempotencyService],
      exports: [IdempotencyService, TypeOrmModule],
    };
  }
}
