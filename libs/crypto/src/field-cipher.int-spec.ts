import { randomUUID } from 'node:crypto';
import { CaseCategory, PersonRole, RiskLevel } from '@lib/domain';
import { CaseEntity, PersonEntity } from '@lib/cases';
import { DEMO_ORG_IDS, DEMO_USER_IDS } from '@lib/persistence';
import { createTestDatabase, type TestDatabase } from '../../../test/support';
import { FieldCipher, personField } from './field-cipher';
import { generateFieldKeys } from './field-keys';

const SURVIVOR = { fullName: 'Aynur Məmmədova', phone: '+994 50 123 45 67', address: 'Nizami küç. 12, mənzil 4' };

describe('encrypted persons (real PostgreSQL)', () => {
  let db: TestDatabase;
  const cipher = new FieldCipher(generateFieldKeys([1]));
  let personId: string;

  beforeAll(async () => {
    db = await createTestDatabase({ seeded: true });
    const kase = await db.dataSource.getRepository(CaseEntity).save({
      caseCode: 'NRM-ENC00001',
      owningOrganisationId: DEMO_ORG_IDS.DOST_BAKU,
      caseManagerId: DEMO_USER_IDS['dost.manager'],
      region: 'Baku',
      category: CaseCategory.DOMESTIC_VIOLENCE,
      riskLevel: RiskLevel.HIGH,
    });
    personId = randomUUID();
    await db.dataSource.getRepository(PersonEntity).insert({
      id: personId,
      caseId: kase.id,
      role: PersonRole.SURVIVOR,
      fullNameEnc: cipher.encrypt(SURVIVOR.fullName, personField('full_name_enc', personId)),
      phoneEnc: cipher.encrypt(SURVIVOR.phone, personField('phone_enc', personId)),
      addressEnc: cipher.encrypt(SURVIVOR.address, personField('address_enc', personId)),
      keyVersion: cipher.currentKeyVersion,
      nameBidx: cipher.nameIndex(SURVIVOR.fullName),
      phoneBidx: cipher.phoneIndex(SURVIVOR.phone),
    });
  });
  afterAll(() => db.drop());

  it('no plaintext anywhere in the row (raw bytes)', async () => {
    const rows: Record<string, unknown>[] = await db.dataSource.query(`SELECT * FROM persons WHERE id = $1`, [personId]);
    const raw = Buffer.concat(
      Object.values(rows[0]!).map((v) => (Buffer.isBuffer(v) ? v : Buffer.from(String(v), 'utf8'))),
    );
    for (const secret of ['Aynur', 'Məmmədova', '123 45 67', '501234567', 'Nizami']) {
      expect(raw.includes(Buffer.from(secret, 'utf8'))).toBe(false);
    }
    // And nothing in the whole database dump of text columns either.
    const hits: unknown[] = await db.dataSource.query(
      `SELECT 1 FROM persons p WHERE p::text ILIKE '%aynur%' OR p::text ILIKE '%nizami%'`,
    );
    expect(hits).toHaveLength(0);
  });

  it('decrypts with the right row context and the entity round-trips bytea', async () => {
    const person = await db.dataSource.getRepository(PersonEntity).findOneByOrFail({ id: personId });
    expect(Buffer.isBuffer(person.fullNameEnc)).toBe(true);
    expect(cipher.decryptNullable(person.fullNameEnc, personField('full_name_enc', personId))).toBe(SURVIVOR.fullName);
    expect(cipher.decryptNullable(person.addressEnc, personField('address_enc', personId))).toBe(SURVIVOR.address);
    expect(person.keyVersion).toBe(1);
  });

  it('finds the person by blind index from a differently typed name or phone', async () => {
    const repo = db.dataSource.getRepository(PersonEntity);
    const byName = await repo.findBy({ nameBidx: cipher.nameIndex('  AYNUR   məmmədova ')! });
    expect(byName.map((p) => p.id)).toEqual([personId]);
    const byPhone = await repo.findBy({ phoneBidx: cipher.phoneIndex('050 123-45-67')! });
    expect(byPhone.map((p) => p.id)).toEqual([personId]);
    expect(await repo.findBy({ nameBidx: cipher.nameIndex('Aynur Məmmədli')! })).toHaveLength(0);
  });

  it('a ciphertext copied to another row does not decrypt there', async () => {
    const person = await db.dataSource.getRepository(PersonEntity).findOneByOrFail({ id: personId });
    expect(() => cipher.decrypt(person.fullNameEnc!, personField('full_name_enc', randomUUID()))).toThrow();
  });
});
