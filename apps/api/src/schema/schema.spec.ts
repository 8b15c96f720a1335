import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_FILE, buildSchemaSdl } from './schema-sdl';

describe('committed GraphQL schema', () => {
  it('matches the resolvers (run `npm run schema:generate` and commit apps/api/schema.gql if this fails)', async () => {
    const committed = readFileSync(join(__dirname, '..', '..', '..', '..', SCHEMA_FILE), 'utf8');
    expect(await buildSchemaSdl()).toBe(committed);
  });

  it('exposes no entity-only or personal-data fields outside Person/Dependant', async () => {
    const sdl = await buildSchemaSdl();
    for (const forbidden of ['fullNameEnc', 'nameBidx', 'phoneBidx', 'legalJustification', 'withdrawalReason', 'prevHash']) {
      expect(sdl).not.toContain(forbidden);
    }
    // Not global: a /g regex keeps lastIndex between test() calls and skipped types.
    const personalFields = /^\s+(fullName|phone|address|narrative|healthNotes|dateOfBirth)\b/m;
    const types = sdl.split(/\n(?=type |input |enum |scalar )/);
    const carriers = types.filter((t) => personalFields.test(t)).map((t) => /^(?:type|input) (\w+)/.exec(t)?.[1]);
    expect(carriers.sort()).toEqual(['Dependant', 'DependantInput', 'Person', 'RectifiedSurvivorInput', 'SurvivorInput']);
  });
});
