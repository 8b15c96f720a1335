import { randomUUID } from 'node:crypto';
import { AuditVerifier, AuditWriter, SYSTEM_ACTOR_ID } from '@lib/audit';
import { FieldCipher, generateFieldKeys, personField } from '@lib/crypto';
import { CaseCategory, PersonRole, RiskLevel } from '@lib/domain';
import { DEMO_ORG_IDS, DEMO_USER_IDS } from '@lib/persistence';
import { createTestDatabase, type TestDatabase } from '../../../test/support';
import { CaseEntity } from './case.entity';
import { CaseNoteEntity } from './case-note.entity';
import { PersonReencryption } from './person-reencryption.service';
import { PersonEntity } from './person.entity';

/** Key rotation on real PostgreSQL: rows under v1 are rewritten under v2, readable with v2 alone, and audited. */
describe('re-encryption after a key rotation (real PostgreSQL)', () => {
  let db: TestDatabase;
  const v1 = generateFieldKeys([1]);
  const v2Key = generateFieldKeys([2]).encryption.get(2)!;
  const before = new FieldCipher(v1);
  const rotated = new FieldCipher({ encryption: new Map([...v1.encryption, [2, v2Key]]), blindIndex: v1.blindIndex });
  const onlyV2 = new FieldCipher({ encryption: new Map([[2, v2Key]]), blindIndex: v1.blindIndex });
  const people: { id: string; name: string }[] = [];
  const noteId = randomUUID();
  const noteContext = { table: 'case_notes', column: 'body_enc', rowId: noteId };
  const planItemId = randomUUID();
  const planContext = { table: 'safety_plan_items', column: 'note_enc', rowId: planItemId };
  const assessmentId = randomUUID();
  const answersContext = { table: 'risk_assessments', column: 'answers_enc', rowId: assessmentId };

  beforeAll(async () => {
    db = await createTestDatabase({ seeded: true });
    const kase = await db.dataSource.getRepository(CaseEntity).save({
      caseCode: 'NRM-ROT00001',
      owningOrganisationId: DEMO_ORG_IDS.DOST_BAKU,
      caseManagerId: DEMO_USER_IDS['dost.manager'],
      region: 'Baku',
      category: CaseCategory.DOMESTIC_VIOLENCE,
      riskLevel: RiskLevel.HIGH,
    });
    for (let i = 0; i < 5; i++) {
      const id = randomUUID();
      const name = `Survivor ${i}`;
      people.push({ id, name });
      await db.dataSource.getRepository(PersonEntity).insert({
        id,
        caseId: kase.id,
        role: i === 0 ? PersonRole.SURVIVOR : PersonRole.DEPENDANT,
        fullNameEnc: before.encrypt(name, personField('full_name_enc', id)),
        narrativeEnc: i === 0 ? before.encrypt('what happened', personField('narrative_enc', id)) : null,
        keyVersion: 1,
        nameBidx: before.nameIndex(name),
      });
    }
    await db.dataSource.getRepository(CaseNoteEntity).insert({
      id: noteId,
      caseId: kase.id,
      organisationId: DEMO_ORG_IDS.DOST_BAKU,
      authorId: DEMO_USER_IDS['dost.manager'],
      bodyEnc: before.encrypt('a note', noteContext),
    });
    // A safety plan item with a note, and one without (nothing to rewrite).
    await db.dataSource.query(
      `INSERT INTO safety_plan_items (id, case_id, organisation_id, responsible_organisation_id, action, note_enc, due_at, review_at, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $3, 'EMERGENCY_PLAN', $4, now() + interval '1 day', now() + interval '2 days', $5, now(), now()),
              (gen_random_uuid(), $2, $3, $3, 'COUNSELLING', NULL, now() + interval '1 day', now() + interval '2 days', $5, now(), now())`,
      [planItemId, kase.id, DEMO_ORG_IDS.DOST_BAKU, before.encrypt('a plan note', planContext), DEMO_USER_IDS['dost.manager']],
    );
    // An instrument assessment with answers, and a DOST interview one (a level, no answers: nothing to rewrite).
    await db.dataSource.query(
      `INSERT INTO risk_assessments (id, case_id, organisation_id, assessor_id, source, instrument_version, answers_enc, score, level, previous_level, assessed_at)
       VALUES ($1, $2, $3, $4, 'INSTRUMENT', '1', $5, 12, 'HIGH', 'LOW', now()),
              (gen_random_uuid(), $2, $3, $4, 'DOST_INTERVIEW', NULL, NULL, NULL, 'MEDIUM', 'HIGH', now())`,
      [assessmentId, kase.id, DEMO_ORG_IDS.DOST_BAKU, DEMO_USER_IDS['dost.manager'], before.encrypt('[{"item":"X","value":1}]', answersContext)],
    );
  });
  afterAll(() => db.drop());

  it('rewrites every row under the current key, in batches, so the old key can be removed', async () => {
    const job = new PersonReencryption(db.dataSource, rotated, new AuditWriter());
    const partial = await job.run({ batchSize: 2, maxBatches: 1 });
    expect(partial).toEqual({ keyVersion: 2, reencrypted: 2, batches: 1, remaining: 6 }); // 3 persons, 1 case note, 1 plan note, 1 answers
    const rest = await job.run({ batchSize: 2 });
    expect(rest).toEqual({ keyVersion: 2, reencrypted: 6, batches: 5, remaining: 0 });

    const rows = await db.dataSource.getRepository(PersonEntity).findBy({ caseId: (await db.dataSource.getRepository(CaseEntity).findOneByOrFail({ caseCode: 'NRM-ROT00001' })).id });
    for (const row of rows) {
      const expected = people.find((p) => p.id === row.id)!;
      expect(row.keyVersion).toBe(2);
      expect(onlyV2.keyVersionOf(row.fullNameEnc!)).toBe(2);
      expect(onlyV2.decrypt(row.fullNameEnc!, personField('full_name_enc', row.id))).toBe(expected.name);
      expect(row.nameBidx).toBe(before.nameIndex(expected.name)); // blind indexes unchanged: searches still work
    }
    const survivor = rows.find((r) => r.id === people[0]!.id)!;
    expect(onlyV2.decrypt(survivor.narrativeEnc!, personField('narrative_enc', survivor.id))).toBe('what happened');
    expect(() => before.decrypt(survivor.fullNameEnc!, personField('full_name_enc', survivor.id))).toThrow();
    const note = await db.dataSource.getRepository(CaseNoteEntity).findOneByOrFail({ id: noteId });
    expect(onlyV2.decrypt(note.bodyEnc, noteContext)).toBe('a note');
    const [plan]: { note_enc: Buffer }[] = await db.dataSource.query(`SELECT note_enc FROM safety_plan_items WHERE id = $1`, [planItemId]);
    expect(onlyV2.decrypt(plan!.note_enc, planContext)).toBe('a plan note');
    const [assessment]: { answers_enc: Buffer }[] = await db.dataSource.query(`SELECT answers_enc FROM risk_assessments WHERE id = $1`, [assessmentId]);
    expect(onlyV2.decrypt(assessment!.answers_enc, answersContext)).toBe('[{"item":"X","value":1}]');
  });

  it('records one audit event per row (system actor, fields rewritten, no values) and keeps the chain intact', async () => {
    const events: { actor_id: string; subject_id: string; fields: string[] }[] = await db.dataSource.query(
      `SELECT actor_id, subject_id, fields FROM audit_events WHERE action = 'PERSONAL_DATA_REENCRYPTED' ORDER BY subject_id`,
    );
    expect(events).toHaveLength(8);
    expect(events.find((e) => e.subject_id === assessmentId)!.fields).toEqual(['riskAnswers']);
    expect(events.find((e) => e.subject_id === noteId)!.fields).toEqual(['body']);
    expect(events.find((e) => e.subject_id === planItemId)!.fields).toEqual(['note']);
    expect(events.every((e) => e.actor_id === SYSTEM_ACTOR_ID)).toBe(true);
    expect(events.find((e) => e.subject_id === people[0]!.id)!.fields.sort()).toEqual(['fullName', 'narrative']);
    expect(JSON.stringify(events)).not.toContain('Survivor');
    expect((await new AuditVerifier().verify(db.dataSource)).ok).toBe(true);
  });

  it('has nothing to do once every row is current', async () => {
    expect(await new PersonReencryption(db.dataSource, rotated, new AuditWriter()).run()).toEqual({ keyVersion: 2, reencrypted: 0, batches: 0, remaining: 0 });
  });
});
