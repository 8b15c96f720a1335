import 'reflect-metadata';
import { APP_GUARD } from '@nestjs/core';
import { type Provider } from '@nestjs/common';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RESOLVERS } from '../resolvers';
import { AuthGuard } from './auth.guard';
import { AuthModule } from './auth.module';
import { IS_PUBLIC, PUBLIC_OPERATIONS } from './public.decorator';

// Set (possibly to undefined) by @Query, @Mutation and @ResolveField on the handler.
const RESOLVER_NAME_METADATA = 'graphql:resolver_name';

/** Every Query / Mutation / ResolveField handler of every resolver class, as "Class.method". */
function operations(): { id: string; handler: object; cls: object }[] {
  return RESOLVERS.flatMap((cls) =>
    Object.getOwnPropertyNames(cls.prototype)
      .filter((name) => name !== 'constructor')
      .map((name) => ({ name, handler: (cls.prototype as unknown as Record<string, unknown>)[name] }))
      .filter((m): m is { name: string; handler: object } => typeof m.handler === 'function' && Reflect.hasMetadata(RESOLVER_NAME_METADATA, m.handler))
      .map((m) => ({ id: `${cls.name}.${m.name}`, handler: m.handler, cls })),
  );
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe('deny by default: every resolver is guarded', () => {
  it('registers AuthGuard as the global guard (APP_GUARD)', () => {
    const providers = AuthModule.forRoot().providers as Provider[];
    expect(providers).toContainEqual({ provide: APP_GUARD, useClass: AuthGuard });
  });

  it('finds the operations (the walk is not vacuous)', () => {
    const ids = operations().map((o) => o.id);
    expect(ids.length).toBeGreaterThan(25);
    expect(ids).toEqual(expect.arrayContaining(['CaseResolver.case', 'SurvivorResolver.survivor', 'PersonFieldsResolver.phone', 'InboxResolver.inbox']));
  });

  it('no operation or field resolver opts out of authentication unless listed in PUBLIC_OPERATIONS', () => {
    const publicOnes = operations()
      .filter((o) => Reflect.getMetadata(IS_PUBLIC, o.handler) === true || Reflect.getMetadata(IS_PUBLIC, o.cls) === true)
      .map((o) => o.id);
    expect(publicOnes).toEqual([...PUBLIC_OPERATIONS]);
  });

  it('every *.resolver.ts class is registered in RESOLVERS (an unregistered one would escape this walk)', () => {
    const declared = files(join(__dirname, '..'))
      .filter((f) => f.endsWith('.resolver.ts'))
      .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/export class (\w+Resolver)\b/g)].map((m) => m[1]));
    expect(declared.sort()).toEqual(RESOLVERS.map((r) => r.name).sort());
  });
});
