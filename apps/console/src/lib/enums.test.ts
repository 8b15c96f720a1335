import { describe, expect, it } from 'vitest';
// The committed API schema: a value the API gains must be offered where the console lists every value.
import schema from '../../../api/schema.gql?raw';
import { NOTIFICATION_KINDS } from './enums';

const valuesOf = (name: string): string[] =>
  (new RegExp(`enum ${name} \\{([^}]*)\\}`).exec(schema)?.[1] ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[A-Z0-9_]+$/.test(l));

describe('enum lists the console offers', () => {
  it('the notification settings list every notification kind of the API', () => {
    expect([...NOTIFICATION_KINDS].sort()).toEqual(valuesOf('NotificationKind').sort());
  });
});
