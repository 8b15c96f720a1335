import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema,
  getNamedType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { ApiHarness } from './support/api-harness';

/**
 * The outside attack run as a test: a few hundred malformed requests against the HTTP and GraphQL edge, generated
 * from a fixed seed (FUZZ_SEED to try another; a failure names the seed and the request's number). Every answer must
 * be a typed refusal (never INTERNAL, never a 5xx), none may repeat what was sent, and nothing may be written.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const MARKER = 'FUZZ-MARK-e41b';
const schema = buildSchema(readFileSync(join(__dirname, '../../apps/api/schema.gql'), 'utf8'));

/** The tables a successful write would touch (reads are audited, so audit_events is not one of them). */
const WRITTEN_TABLES = [
  'cases',
  'persons',
  'contacts',
  'consents',
  'referrals',
  'tasks',
  'timeline_entries',
  'idempotency_records',
  'organisations',
  'staff_members',
  'workflow_starts',
  'case_notes',
  'notifications',
  'organisation_webhooks',
];

/** mulberry32: small, fast, reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('edge fuzz: malformed requests get typed refusals, no echo, no write', () => {
  let api: ApiHarness;
  let token: string;
  const random = prng(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

  beforeAll(async () => {
    api = await ApiHarness.start();
    token = await api.token('dost.manager');
  });
  afterAll(() => api?.stop());

  /** Strings no id, key, enum or free-text field accepts (each carries the marker, so an echo would show). */
  const badStrings = (): string[] => [
    MARKER,
    `${MARKER}\u0000`,
    `${MARKER}\u202e`,
    `${MARKER}'; DROP TABLE cases; --`,
    `${MARKER}${'x'.repeat(10_000)}`,
    `${'A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5'}${MARKER}`,
    `\ud800${MARKER}`,
  ];

  /** A value that cannot be coerced to `type` (wrong kind, or a string no scalar or enum of ours accepts). */
  function junkFor(type: GraphQLInputType, depth = 0): unknown {
    if (isNonNullType(type)) return junkFor(type.ofType, depth);
    if (isListType(type)) return random() < 0.5 ? [junkFor(type.ofType, depth + 1)] : { [MARKER]: 1 };
    const named = getNamedType(type);
    if (isEnumType(named)) return random() < 0.7 ? pick(badStrings()) : 42;
    if (isInputObjectType(named)) {
      if (depth > 2 || random() < 0.3) return pick([MARKER, 7, [MARKER]]);
      const fields = Object.values(named.getFields());
      // Every field gets junk: whichever is checked first, the input cannot be valid.
      return Object.fromEntries(fields.map((f) => [f.name, junkFor(f.type, depth + 1)]));
    }
    if (isScalarType(named)) {
      switch (named.name) {
        case 'Int':
          return pick([MARKER, 2 ** 40, 1.5, true]);
        case 'Float':
          return pick([MARKER, { x: 1 }]);
        case 'Boolean':
          return pick([MARKER, 0, 'true']);
        case 'String':
          // A string field is coerced by any string; give it something no string field takes.
          return pick([{ [MARKER]: true }, [MARKER], 12]);
        default:
          // UUID, DateTime, JSON…: a marker string, or the wrong kind altogether.
          return pick([...badStrings(), { [MARKER]: 1 }, [1, 2]]);
      }
    }
    return MARKER;
  }

  function operation(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): { query: string; variables: Record<string, unknown> } {
    const args: readonly GraphQLArgument[] = field.args;
    const junkArgs = args.filter((a) => isNonNullType(a.type) || random() < 0.7);
    // A mutation must carry at least one value that cannot be valid (so nothing can be written); a query may too.
    const used = junkArgs.length > 0 ? junkArgs : args.slice(0, 1);
    const decl = used.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
    const call = used.map((a) => `${a.name}: $${a.name}`).join(', ');
    const named = getNamedType(field.type);
    const selection = 'getFields' in named ? ' { __typename }' : '';
    return {
      query: `${kind} Fuzz${decl ? `(${decl})` : ''} { ${field.name}${call ? `(${call})` : ''}${selection} }`,
      variables: Object.fromEntries(used.map((a) => [a.name, junkFor(a.type)])),
    };
  }

  const tokens = (): string[] => [
    token,
    `${token.slice(0, -4)}AAAA`, // signature broken
    'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', // alg none
    `${MARKER}.${MARKER}.${MARKER}`,
    'x'.repeat(20_000),
  ];

  function parsed(text: string): { errors?: { extensions?: { code?: string } }[] } | null {
    try {
      return JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
    } catch {
      return null;
    }
  }

  async function counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const table of WRITTEN_TABLES) out[table] = await api.count(table);
    return out;
  }

  it(`answers ${'several hundred'} malformed requests with typed refusals (seed ${SEED})`, async () => {
    const before = await counts();
    const mutations = Object.values(schema.getMutationType()!.getFields()).filter((f) => f.args.length > 0);
    const queries = Object.values(schema.getQueryType()!.getFields()).filter((f) => f.args.length > 0);
    const requests: { name: string; init: RequestInit }[] = [];
    const post = (body: string | Uint8Array, headers: Record<string, string>, auth = token): RequestInit => ({
      method: 'POST',
      headers: { authorization: `Bearer ${auth}`, ...headers },
      body,
    });
    const json = { 'content-type': 'application/json' };

    // GraphQL level: every operation with arguments, twice, with junk variables (and a random token now and then).
    for (const round of [0, 1, 2]) {
      for (const [kind, fields] of [['mutation', mutations], ['query', queries]] as const) {
        for (const field of fields) {
          const op = operation(kind, field);
          const auth = random() < 0.15 ? pick(tokens()) : token;
          requests.push({ name: `${kind} ${field.name} #${round}`, init: post(JSON.stringify(op), json, auth) });
        }
      }
    }
    // The same junk as inline literals (a different coercion path).
    for (const field of mutations.slice(0, 20)) {
      const arg = field.args[0]!;
      const literal = JSON.stringify(pick(badStrings()));
      requests.push({ name: `literal ${field.name}`, init: post(JSON.stringify({ query: `mutation { ${field.name}(${arg.name}: ${literal}) { __typename } }` }), json) });
    }
    // Transport level: bodies, encodings, sizes, content types.
    const transport: [string, () => RequestInit][] = [
      ['random bytes', () => post(Uint8Array.from({ length: 1 + Math.floor(random() * 2000) }, () => Math.floor(random() * 256)), json)],
      ['truncated JSON', () => { const s = JSON.stringify({ query: `{ case(id: "${MARKER}") { id } }` }); return post(s.slice(0, Math.floor(random() * s.length)), json); }],
      ['invalid UTF-8', () => post(Buffer.concat([Buffer.from(`{"query":"{ health }","v":"${MARKER}`), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]), json)],
      ['UTF-16 body', () => post(Buffer.from(JSON.stringify({ query: '{ health }', x: MARKER }), 'utf16le'), { 'content-type': 'application/json; charset=utf-16' })],
      ['wrong content type', () => post(JSON.stringify({ query: '{ health }', x: MARKER }), { 'content-type': pick(['text/plain', 'application/xml', 'application/x-www-form-urlencoded', `application/${MARKER}`]) })],
      ['no content type', () => post(JSON.stringify({ query: '{ health }', x: MARKER }), {})],
      ['query not a string', () => post(JSON.stringify({ query: pick([42, [MARKER], { q: MARKER }, null]) }), json)],
      ['variables not an object', () => post(JSON.stringify({ query: 'query($id: UUID!) { case(id: $id) { id } }', variables: pick([MARKER, [MARKER], 7]) }), json)],
      ['deep JSON', () => post(`{"query":"{ health }","v":${'['.repeat(5000 + Math.floor(random() * 50_000))}${MARKER}`, json)],
      ['deep query', () => post(JSON.stringify({ query: `{ ${'case(id: "x") { survivor { '.repeat(300)} }` }), json)],
      ['huge body', () => post(JSON.stringify({ query: '{ health }', v: MARKER.repeat(100_000) }), json)],
      ['NUL in the query', () => post(JSON.stringify({ query: `{ health }\u0000${MARKER}` }), json)],
      ['unknown operation name', () => post(JSON.stringify({ query: '{ health }', operationName: MARKER }), json)],
    ];
    for (let i = 0; i < 160; i++) {
      const [name, make] = pick(transport);
      requests.push({ name: `transport ${name}`, init: make() });
    }

    expect(requests.length).toBeGreaterThan(300);
    for (const [i, request] of requests.entries()) {
      const where = `request ${i} (${request.name}, seed ${SEED})`;
      const res = await fetch(api.url, request.init);
      const text = await res.text();
      const body = parsed(text);
      const codes = (body?.errors ?? []).map((e) => e.extensions?.code ?? 'NO_CODE');
      const problem =
        res.status >= 500 ? `HTTP ${res.status}`
        : text.includes(MARKER) ? 'the answer repeats what was sent'
        : body === null ? 'the answer is not JSON'
        : codes.length === 0 ? 'accepted without an error'
        : codes.some((c) => /INTERNAL|NO_CODE/.test(c)) ? `error codes ${codes.join(', ')}`
        : null;
      if (problem !== null) {
        const sent = typeof request.init.body === 'string' ? request.init.body.slice(0, 400) : '(bytes)';
        throw new Error(`${where}: ${problem}\nsent: ${sent}\nanswer: ${text.replace(MARKER, '<marker>').slice(0, 400)}`);
      }
    }
    expect(await counts()).toEqual(before);
    // Still serving.
    expect((await api.ok('dost.manager', '{ health }')).health).toBeTruthy();
  });
});
