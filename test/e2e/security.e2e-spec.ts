import { Logger } from '@nestjs/common';
import {
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  isObjectType,
  lexicographicSortSchema,
  printSchema,
} from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { ApiHarness, codeOf } from './support/api-harness';
import { CASE_WITH_SURVIVOR, openCase } from './support/operations';

/** A literal for a required argument of type `type` (enough to pass validation, so the guard is what answers). */
function literal(type: GraphQLInputType, id = '"00000000-0000-4000-8000-000000000000"'): string {
  if (isNonNullType(type)) return literal(type.ofType, id);
  if (isListType(type)) return `[${literal(type.ofType, id)}]`;
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
    return `{ ${fields.map((f) => `${f.name}: ${literal(f.type, id)}`).join(', ')} }`;
  }
  if (isScalarType(type) && type.name === 'ID') return id;
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
        return '1';
      case 'Boolean':
        return 'true';
      case 'DateTime':
        return '"2025-01-01T00:00:00Z"';
      default:
        return '"00000000-0000-4000-8000-000000000000"';
    }
  }
  throw new Error(`no literal for ${String(type)}`);
}

function operationFor(kind: 'query' | 'mutation', name: string, args: readonly GraphQLArgument[], returnsObject: boolean, id?: string): string {
  const required = args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  const argText = required.length ? `(${required.map((a) => `${a.name}: ${literal(a.type, id)}`).join(', ')})` : '';
  return `${kind} { ${name}${argText}${returnsObject ? ' { __typename }' : ''} }`;
}

describe('security (e2e)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('every query and mutation of the live schema answers UNAUTHENTICATED without a valid token (except health)', async () => {
    const schema: GraphQLSchema = api.app.get(GraphQLSchemaHost).schema;
    const ops = [
      ...Object.values(schema.getQueryType()!.getFields()).map((f) => ['query', f] as const),
      ...Object.values(schema.getMutationType()!.getFields()).map((f) => ['mutation', f] as const),
    ];
    expect(ops.length).toBeGreaterThan(20);
    const badToken = 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIyMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDIifQ.';
    for (const [kind, field] of ops) {
      const query = operationFor(kind, field.name, field.args, isObjectType(getNamedType(field.type)));
      const anonymous = await api.gql(null, query);
      if (field.name === 'health') {
        expect(anonymous.data).toEqual({ health: 'ok' });
        continue;
      }
      expect({ op: field.name, errors: anonymous.errors?.map((e) => e.extensions.code) }).toEqual({ op: field.name, errors: ['UNAUTHENTICATED'] });
      const forged = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: badToken }, body: JSON.stringify({ query }) });
      const body = (await forged.json()) as any;
      expect({ op: field.name, code: body.errors?.[0]?.extensions?.code }).toEqual({ op: field.name, code: 'UNAUTHENTICATED' });
    }
  });

  it('serves exactly the committed schema (apps/api/schema.gql)', () => {
    const served = printSchema(lexicographicSortSchema(api.app.get(GraphQLSchemaHost).schema));
    const committed = readFileSync(join(__dirname, '..', '..', 'apps', 'api', 'schema.gql'), 'utf8').replace(/^#.*\n/gm, '').trim();
    expect(served.trim()).toBe(committed);
  });

  it('malformed and unknown ids never cause an internal error, for any operation and role', async () => {
    const schema: GraphQLSchema = api.app.get(GraphQLSchemaHost).schema;
    const ops = [
      ...Object.values(schema.getQueryType()!.getFields()).map((f) => ['query', f] as const),
      ...Object.values(schema.getMutationType()!.getFields()).map((f) => ['mutation', f] as const),
    ];
    for (const user of ['dost.supervisor', 'dost.manager', 'police.officer', 'auditor', 'monitoring.officer']) {
      for (const id of ['"not-a-uuid"', '"00000000-0000-4000-8000-000000000000"', '""']) {
        for (const [kind, field] of ops) {
          const res = await api.gql(user, operationFor(kind, field.name, field.args, isObjectType(getNamedType(field.type)), id));
          const codes = (res.errors ?? []).map((e) => e.extensions.code);
          expect({ op: field.name, user, id, codes }).toEqual({ op: field.name, user, id, codes: codes.filter((c) => c !== 'INTERNAL_SERVER_ERROR') });
        }
      }
    }
  });

  it('a deactivated staff member is refused at once, whatever their token says', async () => {
    await api.ok('ngo.lawyer', `{ organisations { id } }`);
    await api.db.dataSource.query(`UPDATE staff_members SET active = false WHERE username = 'ngo.lawyer'`);
    expect(codeOf(await api.gql('ngo.lawyer', `{ organisations { id } }`))).toBe('UNAUTHENTICATED');
  });

  it('detects audit tampering through verifyAuditChain, reporting every broken chain', async () => {
    const c = await openCase(api);
    await api.ok('dost.manager', CASE_WITH_SURVIVOR, { id: c.id });
    await api.ok('police.officer', `{ inbox(first: 1) { edges { node { id } } } }`);
    const verify = `{ verifyAuditChain { intact chainsChecked eventsChecked firstBreak { chainId seq eventId reason } breaks { chainId seq eventId reason } checkpointStatus } }`;
    const clean = await api.ok('auditor', verify);
    expect(clean.verifyAuditChain).toMatchObject({ intact: true, firstBreak: null, breaks: [] });
    expect(clean.verifyAuditChain.eventsChecked).toBeGreaterThanOrEqual(2);

    // Tamper as a database superuser would (bypassing the append-only trigger): rewrite which fields were read, in
    // the DOST centre's trail and in the police's.
    const [target] = await api.db.dataSource.query(`SELECT id, chain_id, seq FROM audit_events WHERE action = 'READ_PERSONAL_DATA' AND case_id = $1`, [c.id]);
    const [police] = await api.db.dataSource.query(`SELECT id, chain_id, seq FROM audit_events WHERE action = 'INBOX_READ' ORDER BY occurred_at DESC LIMIT 1`);
    await api.db.dataSource.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(`UPDATE audit_events SET fields = '{}' WHERE id = ANY($1)`, [[target.id, police.id]]);
    });
    const broken = await api.ok('auditor', verify);
    expect(broken.verifyAuditChain.intact).toBe(false);
    const expected = [target, police]
      .map((t: { id: string; chain_id: string; seq: string }) => ({ chainId: t.chain_id, seq: Number(t.seq), eventId: t.id, reason: 'hash-mismatch' }))
      .sort((a, b) => (a.chainId < b.chainId ? -1 : 1));
    expect(broken.verifyAuditChain.breaks).toEqual(expected);
    expect(broken.verifyAuditChain.firstBreak).toEqual(expected[0]);

    expect(codeOf(await api.gql('dost.manager', verify))).toBe('FORBIDDEN');
  });

  it('an unexpected failure is INTERNAL_SERVER_ERROR with a request id and nothing else (tampered ciphertext)', async () => {
    const c = await openCase(api);
    await api.db.dataSource.query(`UPDATE persons SET full_name_enc = set_byte(full_name_enc, 40, (get_byte(full_name_enc, 40) + 1) % 256) WHERE case_id = $1 AND role = 'SURVIVOR'`, [c.id]);
    // The failure is logged once, with the request id the client gets and the error's class: captured here.
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    let calls: unknown[][] = [];
    const res = await api
      .gql('dost.manager', `query($id: UUID!) { case(id: $id) { survivor { fullName } } }`, { id: c.id })
      .finally(() => {
        calls = [...logged.mock.calls];
        logged.mockRestore();
      });
    expect(res.errors).toHaveLength(1);
    const error = res.errors![0]!;
    expect(error.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error.message).toMatch(/^Internal error \(request [0-9a-f-]{36}\)$/);
    expect(Object.keys(error.extensions).sort()).toEqual(['code', 'requestId']);
    expect(JSON.stringify(res)).not.toMatch(/decrypt|stack|Aysel/i);
    const lines = calls.map((c) => JSON.stringify(c[0]));
    expect(lines.filter((l) => l.includes(String(error.extensions.requestId)) && l.includes('FieldDecryptionError'))).toHaveLength(1);
    expect(lines.join('\n')).not.toMatch(/Aysel/);
  });

  it('refuses queries over the alias and cost limits, and deep queries even when hidden in fragments', async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: health`).join(' ');
    const tooManyAliases = await api.gql('dost.manager', `{ ${aliases} }`);
    expect(tooManyAliases.errors?.map((e) => e.message)).toContain('Query uses more than 15 aliases');
    expect(tooManyAliases.data).toBeNull();

    const page = `inbox(first: 100) { edges { cursor node { id type status caseId caseCode referralId assigneeId dueAt overdue createdAt } } }`;
    const costly = await api.gql('dost.manager', `{ ${[1, 2, 3, 4, 5].map((i) => `p${i}: ${page}`).join(' ')} }`);
    expect(costly.errors?.map((e) => e.message)).toContain('Query exceeds the maximum cost of 5000');

    // Eleven levels through named fragments (the schema has no such depth; the rule must still count it).
    const frags = Array.from({ length: 10 }, (_, i) => `fragment F${i} on Case { caseCode ${i < 9 ? `survivor { ...F${i + 1} }` : ''} }`);
    const deep = await api.gql('dost.manager', `{ case(id: "x") { ...F0 } } ${frags.join(' ')}`);
    expect(deep.errors?.map((e) => e.message)).toContain('Query exceeds the maximum depth of 10');
  });

  it('never leaks "Did you mean" suggestions', async () => {
    const res = await api.gql('dost.manager', `{ case(id: "00000000-0000-4000-8000-000000000000") { caseCod survivr { fullNam } } inbx { id } }`);
    expect(res.errors!.length).toBeGreaterThan(0);
    for (const e of res.errors!) {
      expect(e.message).not.toMatch(/did you mean/i);
      expect(e.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    const badEnum = await api.gql('dost.manager', `query($t: OrganisationType) { organisations(type: $t) { id } }`, { t: 'POLIC' });
    expect(badEnum.errors![0]!.message).not.toMatch(/did you mean/i);
    expect(badEnum.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ path: 't', message: 'is not an allowed value' }] });
  });

  it('variable errors never echo the submitted (personal) data back', async () => {
    const res = await api.gql('dost.manager', `mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }`, {
      input: { survivor: { fullName: 'Aysel Mammadova', phone: '+994 50 123 45 67' }, idempotencyKey: 'x' },
    });
    expect(JSON.stringify(res)).not.toMatch(/Aysel|994/);
    expect(res.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions.fields[0].path).toMatch(/^input\./);
  });
});

describe('production mode (e2e)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start({ production: true });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('refuses introspection and serves no GraphiQL', async () => {
    const res = await api.gql('dost.manager', `{ __schema { queryType { name } } }`);
    expect(res.data).toBeNull();
    expect(res.errors![0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors![0]!.message).toMatch(/introspection/i);
    const graphiql = await fetch(api.url.replace('/graphql', '/graphiql'));
    expect(graphiql.status).toBe(404);
    expect((await api.ok('dost.manager', `{ organisations(type: POLICE) { id } }`)).organisations.length).toBeGreaterThan(0);
  });
});
