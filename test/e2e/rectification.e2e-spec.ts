import { ApiHarness, codeOf } from './support/api-harness';
import { CASE_WITH_SURVIVOR, consentToPolice, openCase, referToPolice } from './support/operations';

/**
 * Issue 14 item 4: the survivor's personal data can be rectified by the owning organisation; the audit event and the
 * timeline name the fields changed, and neither they nor the logs hold the old or the new values.
 */
const RECTIFY = `mutation($i: RectifyPersonalDataInput!) { rectifyPersonalData(input: $i) { id version } }`;

describe('rectifyPersonalData (e2e)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(() => api?.stop());

  it('rectifies, re-reads the new values, and audits field names only (audit rows and logs checked for both values)', async () => {
    const c = await openCase(api);
    const logged: string[] = [];
    const capture = (stream: NodeJS.WriteStream) =>
      jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        logged.push(String(chunk));
        return true;
      });
    const spies = [capture(process.stdout), capture(process.stderr)];
    const warn = jest
      .spyOn(console, 'warn')
      .mockImplementation((...a: unknown[]) => void logged.push(a.map(String).join(' ')));
    const error = jest
      .spyOn(console, 'error')
      .mockImplementation((...a: unknown[]) => void logged.push(a.map(String).join(' ')));
    try {
      const done = (
        await api.ok('dost.manager', RECTIFY, {
          i: {
            caseId: c.id,
            expectedVersion: c.version,
            survivor: { phone: '+994 70 555 44 33', address: '7 Khagani St, Sumgait', narrative: null },
          },
        })
      ).rectifyPersonalData;
      expect(done.version).toBe(c.version + 1);
      // A stale version and a bad phone are refused without a write.
      expect(
        codeOf(
          await api.gql('dost.manager', RECTIFY, {
            i: { caseId: c.id, expectedVersion: c.version, survivor: { phone: '+994 70 111 11 11' } },
          }),
        ),
      ).toBe('CONFLICT');
      const bad = await api.gql('dost.manager', RECTIFY, {
        i: {
          caseId: c.id,
          expectedVersion: done.version,
          survivor: { phone: 'call Leyla', dateOfBirth: '1990-02-30' },
        },
      });
      expect((bad.errors?.[0]?.extensions.fields as { path: string }[]).map((f) => f.path)).toEqual([
        'input.survivor.dateOfBirth',
        'input.survivor.phone',
      ]);
      expect(JSON.stringify(bad.errors)).not.toContain('call Leyla');
    } finally {
      for (const s of spies) s.mockRestore();
      warn.mockRestore();
      error.mockRestore();
    }
    const read = (await api.ok('dost.manager', CASE_WITH_SURVIVOR, { id: c.id })).case.survivor;
    expect(read).toMatchObject({
      fullName: 'Aysel Mammadova',
      phone: '+994 70 555 44 33',
      address: '7 Khagani St, Sumgait',
      narrative: null,
    });

    const audit: { fields: string[]; row: string }[] = await api.db.dataSource.query(
      `SELECT fields, row_to_json(a)::text AS row FROM audit_events a WHERE action = 'PERSONAL_DATA_RECTIFIED' AND case_id = $1`,
      [c.id],
    );
    expect(audit.map((a) => a.fields)).toEqual([['phone', 'address', 'narrative']]);
    const timeline: { details: string }[] = await api.db.dataSource.query(
      `SELECT details::text AS details FROM timeline_entries WHERE case_id = $1 AND kind = 'PERSONAL_DATA_RECTIFIED'`,
      [c.id],
    );
    expect(timeline).toHaveLength(1);
    const values = [
      '+994 50 123 45 67',
      '12 Nizami St',
      'Repeated assaults',
      '+994 70 555 44 33',
      'Khagani',
      'call Leyla',
    ];
    for (const text of [...audit.map((a) => a.row), ...timeline.map((t) => t.details), logged.join('\n')]) {
      for (const v of values) expect(text).not.toContain(v);
    }
    // The blind index follows the new phone: search-before-create finds the case by it, not by the old one.
    const byNew = await api.ok(
      'dost.manager',
      `query($p: String) { findPossibleDuplicates(phone: $p) { caseId } }`,
      { p: '+994 70 555 44 33' },
    );
    expect(byNew.findPossibleDuplicates.map((d: { caseId: string }) => d.caseId)).toContain(c.id);
  });

  it('only the owning organisation rectifies', async () => {
    const c = await openCase(api);
    await consentToPolice(api, c.id);
    await referToPolice(api, c.id);
    expect(
      codeOf(
        await api.gql('police.officer', RECTIFY, {
          i: { caseId: c.id, expectedVersion: 1, survivor: { phone: '+994 70 000 00 00' } },
        }),
      ),
    ).toBe('NOT_FOUND');
  });
});
