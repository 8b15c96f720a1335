import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule, type AppModuleOptions } from './app.module';

/**
 * Builds the Fastify + Mercurius application (not listening). Used by main.ts and by the e2e tests.
 * Fastify's own logger stays off: request logs could carry query variables (personal data).
 */
export async function createApiApp(options: AppModuleOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ logger: false, genReqId: () => randomUUID(), bodyLimit: 1024 * 1024 });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, {
    logger: options.config.production ? ['error', 'warn', 'log'] : ['error', 'warn', 'log'],
    abortOnError: false,
  });
  app.enableShutdownHooks();
  await app.init();
  return app;
}
