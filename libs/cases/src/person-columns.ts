import { type PersonField } from '@lib/domain';
import { type PersonEntity } from './person.entity';

type EncryptedProperty = 'fullNameEnc' | 'dateOfBirthEnc' | 'phoneEnc' | 'addressEnc' | 'narrativeEnc' | 'healthEnc';

/** Person fields stored directly on the survivor's row (dependants are rows of their own). */
export type ScalarPersonField = Exclude<PersonField, 'dependants'>;

/** Person field → entity property and SQL column (the column is part of the ciphertext's AAD). */
export const PERSON_COLUMNS: Readonly<Record<ScalarPersonField, { property: EncryptedProperty; column: string }>> = {
  fullName: { property: 'fullNameEnc', column: 'full_name_enc' },
  dateOfBirth: { property: 'dateOfBirthEnc', column: 'date_of_birth_enc' },
  phone: { property: 'phoneEnc', column: 'phone_enc' },
  address: { property: 'addressEnc', column: 'address_enc' },
  narrative: { property: 'narrativeEnc', column: 'narrative_enc' },
  healthNotes: { property: 'healthEnc', column: 'health_enc' },
};

export const SCALAR_PERSON_FIELDS = Object.keys(PERSON_COLUMNS) as ScalarPersonField[];

export function encryptedValue(person: PersonEntity, field: ScalarPersonField): Buffer | null {
  return person[PERSON_COLUMNS[field].property];
}
