/**
 * Issue 12, findings 2, 3 and 4, one regression each:
 * - transport failures (body too large, not JSON, NaN, wrong content type, raw NUL, 100,000-deep JSON or query, empty
 *   body, bad GET query strings) answered HTTP 200 `{"message":"Internal error"}` with no request id and no log line;
 * - an idempotency key with a NUL byte reached PostgreSQL (INTERNAL, 22021); control characters in keys and free
 *   text, and implausible dates, were accepted;
 * - NOT_FOUND messages repeated the id as sent.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { DEMO_ORG_IDS } from '@lib/persistence';
import { ApiHarness, codeOf, type GqlResponse } from './support/api-harness';
import { OPEN_CASE, openCase, openCaseInput } from './support/operations';

const MARKER = 'EDGE-MARKER-7f3a';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('the API edge: transport errors, control characters, dates, no echo', () => {
  let api: ApiHarness;
  let token: string;
  let logSpy: jest.SpyInstance;

  beforeAll(async () => {
    api = await ApiHarness.start();
    token = await api.token('dost.manager');
  });

  afterAll(async () => {
    await api?.stop();
  });

  beforeEach(() => {
    logSpy = jest.spyOn(Logger.prototype, 'log');
  });

  afterEach(() => {
    logSpy.mockRestore();
  });

  interface RawAnswer {
    status: number;
    text: string;
    body: { errors?: { message: string; extensions: Record<string, unknown> }[] } | null;
  }

  async function raw(init: RequestInit, query = ''): Promise<RawAnswer> {
    const res = await fetch(api.url + query, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
    });
    const text = await res.text();
    let body: RawAnswer['body'] = null;
    try {
      body = JSON.parse(text) as RawAnswer['body'];
    } catch {
      body = null;
    }
    return { status: res.status, text, body };
  }

  const json = { 'content-type': 'application/json' };
  const deepArray = (n: number) => '['.repeat(n) + ']'.repeat(n);
  const cases: [name: string, status: number, code: string, init: RequestInit, query: string][] = [
    [
      'a body over 1 MiB',
      413,
      'PAYLOAD_TOO_LARGE',
      {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ query: '{ health }', variables: { x: MARKER.repeat(80_000) } }),
      },
      '',
    ],
    [
      'invalid JSON',
      400,
      'BAD_REQUEST',
      { method: 'POST', headers: json, body: `{"query": "{ health }", ${MARKER}` },
      '',
    ],
    [
      'NaN',
      400,
      'BAD_REQUEST',
      { method: 'POST', headers: json, body: `{"query": "{ health }", "variables": {"${MARKER}": NaN}}` },
      '',
    ],
    [
      'text/plain',
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: `{"query":"{ health }","x":"${MARKER}"}`,
      },
      '',
    ],
    [
      'multipart',
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
        body: `--x\r\n\r\n${MARKER}\r\n--x--`,
      },
      '',
    ],
    [
      'a form (urlencoded)',
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `query=${encodeURIComponent('{ health }')}&x=${MARKER}`,
      },
      '',
    ],
    [
      'JSON nested 40 deep inside GraphQL variables',
      400,
      'BAD_REQUEST',
      { method: 'POST', headers: json, body: `{"query":"{ health }","variables":{"x":${deepArray(40)}}}` },
      '',
    ],
    [
      'a raw NUL byte',
      400,
      'BAD_REQUEST',
      { method: 'POST', headers: json, body: `{"query":"{ health }","x":"${MARKER}\u0000"}` },
      '',
    ],
    [
      'JSON nested 100,000 deep',
      400,
      'BAD_REQUEST',
      { method: 'POST', headers: json, body: `{"query":"{ health }","variables":${deepArray(100_000)}}` },
      '',
    ],
    ['an empty body', 400, 'BAD_REQUEST', { method: 'POST', headers: json, body: '' }, ''],
    [
      'a JSON string body',
      400,
      'BAD_REQUEST',
      { method: 'POST', headers: json, body: JSON.stringify(MARKER) },
      '',
    ],
    [
      'a query that is JSON, not GraphQL',
      400,
      'BAD_REQUEST',
      { method: 'POST', headers: json, body: JSON.stringify({ query: '5' }) },
      '',
    ],
    [
      'GET with variables that are not JSON',
      400,
      'BAD_REQUEST',
      { method: 'GET' },
      `?query=${encodeURIComponent('{ health }')}&variables=${encodeURIComponent(`{${MARKER}`)}`,
    ],
    ['GET without a query', 400, 'BAD_REQUEST', { method: 'GET' }, `?${MARKER}=1`],
    [
      'GET with an operationName naming nothing',
      400,
      'BAD_REQUEST',
      { method: 'GET' },
      `?query=${encodeURIComponent('query A { health } query B { health }')}&operationName=${MARKER.replace(/-/g, '')}`,
    ],
    [
      'GET with a mutation',
      405,
      'METHOD_NOT_ALLOWED',
      { method: 'GET' },
      `?query=${encodeURIComponent(`mutation { approveCaseClosure(caseId: "${randomUUID()}") { id } }`)}`,
    ],
  ];

  it.each(cases)(
    '%s → HTTP %i %s, GraphQL-shaped error with a request id, logged once, input not echoed',
    async (_name, status, code, init, query) => {
      const res = await raw(init, query);
      expect(res.status).toBe(status);
      expect(res.body?.errors).toHaveLength(1);
      const error = res.body!.errors![0]!;
      expect(error.extensions.code).toBe(code);
      expect(error.extensions.requestId).toMatch(UUID_RE);
      expect(res.text).not.toContain(MARKER);
      const lines = logSpy.mock.calls.filter((c) =>
        JSON.stringify(c[0]).includes(String(error.extensions.requestId)),
      );
      expect(lines).toHaveLength(1);
      expect(lines[0]![0]).toEqual({
        msg: 'Request refused',
        requestId: error.extensions.requestId,
        status,
        errorClass: expect.any(String),
      });
      expect(JSON.stringify(logSpy.mock.calls)).not.toContain(MARKER);
    },
  );

  it('a query nested 100,000 deep is a parse error after 2,000 tokens, not a stack overflow', async () => {
    const res = await raw({
      method: 'POST',
      headers: json,
      body: JSON.stringify({ query: '{a'.repeat(100_000) + '}'.repeat(100_000) }),
    });
    expect(res.status).toBe(200);
    expect(res.body?.errors?.[0]?.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(res.body?.errors?.[0]?.message).toMatch(/2000 tokens/);
  });

  it('syntax errors do not quote the offending token', async () => {
    const res = await raw({
      method: 'POST',
      headers: json,
      body: JSON.stringify({ query: `{ health } ${MARKER}` }),
    });
    expect(res.body?.errors?.[0]?.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(res.text).not.toContain('EDGE');
  });

  describe('keys and free text', () => {
    const fieldsOf = (res: GqlResponse) =>
      (res.errors?.[0]?.extensions.fields ?? []) as { path: string; message: string }[];

    it('an idempotency key with a NUL byte is BAD_USER_INPUT on its path and never reaches PostgreSQL', async () => {
      const before = await api.count('cases');
      const res = await api.gql('dost.manager', OPEN_CASE, {
        input: openCaseInput({ idempotencyKey: `${MARKER}\u0000` }),
      });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(res)).toEqual([
        { path: 'input.idempotencyKey', message: 'must not contain control, format or separator characters' },
      ]);
      expect(JSON.stringify(res)).not.toContain(MARKER);
      expect(await api.count('cases')).toBe(before);
    });

    it.each([
      ['a bidi override', '\u202e'],
      ['a line separator', '\u2028'],
      ['an escape', '\u001b'],
      ['a zero-width space', '\u200b'],
    ])('an idempotency key with %s is refused', async (_name, char) => {
      const res = await api.gql('dost.manager', OPEN_CASE, {
        input: openCaseInput({ idempotencyKey: `k${char}` }),
      });
      expect(fieldsOf(res).map((f) => f.path)).toEqual(['input.idempotencyKey']);
    });

    it('free text refuses C0 controls (every offending path at once) but keeps tabs, new lines and bidi marks', async () => {
      const before = await api.count('cases');
      const bad = await api.gql('dost.manager', OPEN_CASE, {
        input: openCaseInput({ survivor: { fullName: `A\u0000${MARKER}`, narrative: 'x\u0007y' } }),
      });
      expect(codeOf(bad)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(bad).map((f) => f.path)).toEqual([
        'input.survivor.fullName',
        'input.survivor.narrative',
      ]);
      expect(JSON.stringify(bad)).not.toContain(MARKER);
      expect(await api.count('cases')).toBe(before);
      const ok = await api.gql('dost.manager', OPEN_CASE, {
        input: openCaseInput({
          survivor: { fullName: 'Aysel', narrative: 'line 1\r\n\tline 2 \u202bمرحبا\u202c' },
        }),
      });
      expect(ok.errors).toBeUndefined();
    });

    it('a cursor with a control character is refused before it is decoded', async () => {
      const res = await api.gql(
        'dost.manager',
        `query($after: String) { inbox(first: 5, after: $after) { pageInfo { hasNextPage } } }`,
        { after: 'a\u0000b' },
      );
      expect(fieldsOf(res)).toEqual([
        { path: 'after', message: 'must not contain control, format or separator characters' },
      ]);
    });
  });

  describe('plausible dates', () => {
    const fieldsOf = (res: GqlResponse) =>
      ((res.errors?.[0]?.extensions.fields ?? []) as { path: string }[]).map((f) => f.path);

    it('an incident date before 1900 or a birth date in the future', async () => {
      const res = await api.gql('dost.manager', OPEN_CASE, {
        input: openCaseInput({
          incident: { date: '1850-01-01', placeType: 'HOME' },
          survivor: { fullName: 'A', dateOfBirth: '2999-01-01' },
        }),
      });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(res).sort()).toEqual(['input.incident.date', 'input.survivor.dateOfBirth']);
    });

    it('a consent expiring more than 10 years ahead, or granted before 2000', async () => {
      const c = await openCase(api);
      const consent = (over: Record<string, unknown>) =>
        api.gql(
          'dost.manager',
          `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`,
          {
            input: {
              caseId: c.id,
              grantor: 'SELF',
              recipientOrganisationId: DEMO_ORG_IDS.SSA,
              dataCategories: ['HEALTH'],
              purposes: ['SHELTER_PLACEMENT'],
              method: 'WRITTEN',
              idempotencyKey: randomUUID(),
              ...over,
            },
          },
        );
      expect(fieldsOf(await consent({ expiresAt: '2100-01-01T00:00:00Z' }))).toEqual(['input.expiresAt']);
      expect(fieldsOf(await consent({ grantedAt: '1990-01-01T00:00:00Z' }))).toEqual(['input.grantedAt']);
      expect(fieldsOf(await consent({ grantedAt: '0001-01-01T00:00:00Z' }))).toEqual(['input.grantedAt']);
    });

    it('an inbox due filter in year 1 and a reporting period before 2000', async () => {
      const inbox = await api.gql(
        'dost.manager',
        `{ inbox(first: 5, filter: { dueAfter: "0001-01-01T00:00:00Z" }) { pageInfo { hasNextPage } } }`,
      );
      expect(codeOf(inbox)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(inbox)).toEqual(['filter.dueAfter']);
      const report = await api.gql(
        'monitoring.officer',
        `{ agencyPerformance(period: { from: "1990-01-01T00:00:00Z", to: "1990-06-01T00:00:00Z" }) { organisationId } }`,
      );
      expect(codeOf(report)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(report)[0]).toMatch(/period\.(from|to)/);
    });
  });

  describe('no echo of ids', () => {
    it.each([
      ['a 10,000-character id', 'a'.repeat(10_000) + MARKER],
      ['SQL text', `' OR 1=1; DROP TABLE cases; -- ${MARKER}`],
      ['a bidi override', `\u202e${MARKER}`],
      ['a UUID with braces', `{${randomUUID()}}${MARKER}`],
    ])(
      '%s as a case id: BAD_USER_INPUT with the path, without the value (variable and inline)',
      async (_name, id) => {
        const viaVariable = await api.gql('dost.manager', `query($id: UUID!) { case(id: $id) { id } }`, {
          id,
        });
        expect(codeOf(viaVariable)).toBe('BAD_USER_INPUT');
        expect(viaVariable.errors![0]!.extensions.fields).toEqual([
          { path: 'id', message: 'must be a UUID (8-4-4-4-12 hexadecimal digits)' },
        ]);
        expect(JSON.stringify(viaVariable)).not.toContain(MARKER);
        const viaLiteral = await api.gql('dost.manager', `{ case(id: ${JSON.stringify(id)}) { id } }`);
        expect(codeOf(viaLiteral)).toBe('BAD_USER_INPUT');
        expect(viaLiteral.errors![0]!.extensions.fields).toEqual([
          { path: 'id', message: 'must be a UUID (8-4-4-4-12 hexadecimal digits)' },
        ]);
        expect(JSON.stringify(viaLiteral)).not.toContain(MARKER);
      },
    );

    it('an id in an input object: the path names the field', async () => {
      const res = await api.gql(
        'ssa.officer',
        `mutation { acceptReferral(input: { referralId: "${MARKER}", expectedVersion: 1 }) { id } }`,
      );
      expect(res.errors![0]!.extensions.fields).toEqual([
        { path: 'input.referralId', message: 'must be a UUID (8-4-4-4-12 hexadecimal digits)' },
      ]);
      expect(JSON.stringify(res)).not.toContain(MARKER);
    });

    it('NOT_FOUND names the kind of record, never the id', async () => {
      const id = randomUUID();
      for (const [query, vars] of [
        [`query($id: UUID!) { case(id: $id) { id } }`, { id }],
        [`query($id: UUID!) { referral(id: $id) { id } }`, { id }],
        [
          `mutation($id: UUID!) { withdrawConsent(consentId: $id, reason: "Survivor request") { withdrawnReferralIds } }`,
          { id },
        ],
        [`mutation($id: UUID!) { completeTask(taskId: $id) { id } }`, { id }],
      ] as const) {
        const res = await api.gql('dost.manager', query, vars);
        expect(codeOf(res)).toBe('NOT_FOUND');
        expect(JSON.stringify(res)).not.toContain(id);
        expect(JSON.stringify(res)).not.toContain(id.toUpperCase());
      }
    });
  });
});
