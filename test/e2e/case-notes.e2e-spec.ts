import { ApiHarness, codeOf } from './support/api-harness';
import { consentToPolice, key, openCase, referToPolice } from './support/operations';

const ADD = `mutation($input: AddCaseNoteInput!) { addCaseNote(input: $input) { id caseId authorId body } }`;
const NOTES = `query($id: UUID!) { caseNotes(caseId: $id) { id body } }`;
const SECRET = 'Husband threatened her sister on Nizami St';

/** Issue 14: case notes stay inside the organisation that wrote them, and the audit trail never holds their text. */
describe('case notes (e2e)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(() => api?.stop());

  it('a note is read only inside its organisation: the police, once referred, see their own notes, never the DOST’s', async () => {
    const c = await openCase(api);
    const idempotencyKey = key('note');
    const added = (await api.ok('dost.manager', ADD, { input: { caseId: c.id, body: SECRET, idempotencyKey } })).addCaseNote;
    expect(added).toMatchObject({ caseId: c.id, body: SECRET });

    // A retry with the same key returns the same note; the same key for another text is a CONFLICT.
    expect((await api.ok('dost.manager', ADD, { input: { caseId: c.id, body: SECRET, idempotencyKey } })).addCaseNote.id).toBe(added.id);
    const reused = await api.gql('dost.manager', ADD, { input: { caseId: c.id, body: 'Other text', idempotencyKey } });
    expect(codeOf(reused)).toBe('CONFLICT');
    expect(await api.count('case_notes', 'case_id = $1', [c.id])).toBe(1);

    expect((await api.ok('dost.supervisor', NOTES, { id: c.id })).caseNotes).toEqual([{ id: added.id, body: SECRET }]);
    // Before a referral the police have no access at all; afterwards, only to their own notes.
    expect(codeOf(await api.gql('police.officer', NOTES, { id: c.id }))).toBe('NOT_FOUND');
    await consentToPolice(api, c.id);
    await referToPolice(api, c.id);
    expect((await api.ok('police.officer', NOTES, { id: c.id })).caseNotes).toEqual([]);
    const own = (await api.ok('police.officer', ADD, { input: { caseId: c.id, body: 'Patrol visited', idempotencyKey: key('note') } })).addCaseNote;
    expect((await api.ok('police.officer', NOTES, { id: c.id })).caseNotes).toEqual([{ id: own.id, body: 'Patrol visited' }]);
    expect((await api.ok('dost.manager', NOTES, { id: c.id })).caseNotes.map((n: { id: string }) => n.id)).toEqual([added.id]);

    // Monitoring and other organisations: NOT_FOUND, as for a case they cannot see.
    for (const user of ['monitoring.officer', 'ssa.officer', 'ngo.lawyer']) {
      expect(codeOf(await api.gql(user, NOTES, { id: c.id }))).toBe('NOT_FOUND');
      expect(codeOf(await api.gql(user, ADD, { input: { caseId: c.id, body: 'x', idempotencyKey: key('note') } }))).toBe('NOT_FOUND');
    }

    // The text is stored encrypted, and no audit row or timeline entry carries it.
    const stored: { body: string }[] = await api.db.dataSource.query(`SELECT encode(body_enc, 'escape') AS body FROM case_notes WHERE id = $1`, [added.id]);
    expect(stored[0]!.body).not.toContain('Nizami');
    const audit: { row: string }[] = await api.db.dataSource.query(`SELECT row_to_json(a)::text AS row FROM audit_events a WHERE case_id = $1`, [c.id]);
    expect(audit.map((a) => a.row).join('\n')).not.toMatch(/Nizami|Patrol/);
    expect(audit.some((a) => a.row.includes('CASE_NOTE_ADDED'))).toBe(true);
    expect(audit.some((a) => a.row.includes('CASE_NOTES_READ'))).toBe(true);
    const timeline: { row: string }[] = await api.db.dataSource.query(`SELECT row_to_json(t)::text AS row FROM timeline_entries t WHERE case_id = $1`, [c.id]);
    expect(timeline.map((t) => t.row).join('\n')).not.toMatch(/Nizami|Patrol/);
  });

  it('bad input names each field, never echoes it, and writes nothing', async () => {
    const c = await openCase(api);
    const before = await api.count('case_notes');
    const cases: [Record<string, unknown>, string[]][] = [
      [{ caseId: c.id, body: '   ', idempotencyKey: key() }, ['input.body']],
      [{ caseId: c.id, body: 'Leak\u0000Me', idempotencyKey: key() }, ['input.body']],
      [{ caseId: c.id, body: 'x'.repeat(4001), idempotencyKey: key() }, ['input.body']],
      [{ caseId: c.id, body: 'Leak Me', idempotencyKey: '' }, ['input.idempotencyKey']],
      [{ caseId: 'Leak Me', body: 'Leak Me', idempotencyKey: key() }, ['input.caseId']],
    ];
    for (const [input, paths] of cases) {
      const res = await api.gql('dost.manager', ADD, { input });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect((res.errors![0]!.extensions.fields as { path: string }[]).map((f) => f.path)).toEqual(paths);
      expect(JSON.stringify(res.errors)).not.toMatch(/Leak|xxxx/);
    }
    expect(await api.count('case_notes')).toBe(before);
    expect(codeOf(await api.gql('dost.manager', NOTES, { id: '00000000-0000-4000-8000-000000000000' }))).toBe('NOT_FOUND');
  });
});
