import { describe, expect, it } from 'vitest';
import { formatDate, formatNumber, formatTimeLeft } from './format';
import { en } from './messages/en';
import { catalogues, LOCALES, translate } from './translate';
import { LANGUAGES, type Message } from './types';
// The committed API schema, read at test time: a new enum value without a label in every language fails here.
import schema from '../../../api/schema.gql?raw';

const keys = Object.keys(en) as (keyof typeof en)[];
const placeholders = (m: Message): string[] =>
  [
    ...new Set(
      (typeof m === 'string' ? [m] : Object.values(m)).flatMap((s) => (s ?? '').match(/\{\w+\}/g) ?? []),
    ),
  ].sort();

describe('translations', () => {
  it.each(LANGUAGES)('%s has every key, none empty, with the same placeholders as English', (language) => {
    const catalogue = catalogues[language] as Record<string, Message | undefined>;
    const missing = keys.filter((k) => catalogue[k] === undefined);
    expect(missing).toEqual([]);
    const extra = Object.keys(catalogue).filter((k) => !(k in en));
    expect(extra).toEqual([]);
    for (const key of keys) {
      const m = catalogue[key] as Message;
      const texts = typeof m === 'string' ? [m] : Object.values(m);
      expect(
        texts.every((t) => typeof t === 'string' && t.trim().length > 0),
        key,
      ).toBe(true);
      expect(placeholders(m), `${language} ${key}`).toEqual(placeholders(en[key]));
    }
  });

  it.each(LANGUAGES)('%s plural messages have every form its plural rules use', (language) => {
    const forms = new Intl.PluralRules(LOCALES[language]).resolvedOptions().pluralCategories;
    for (const key of keys) {
      const m = catalogues[language][key];
      if (typeof m === 'string') continue;
      for (const form of forms) expect(m[form], `${language} ${key} ${form}`).toBeTruthy();
    }
  });

  it('labels every value of the API enums the console shows, in every language', () => {
    const labelled = [
      'StaffRole',
      'ReferralStatus',
      'TaskType',
      'RiskLevel',
      'CaseStatus',
      'DataCategory',
      'ConsentPurpose',
      'OrganisationType',
      'CaseCategory',
      'ContactChannel',
      'CallerType',
      'ChildAgeBand',
      'IncidentPlaceType',
      'ConsentGrantor',
      'ConsentMethod',
      'LegalBasis',
      'ServiceType',
      'DataProfile',
      'CaseAccessKind',
      'DuplicateMatch',
      'DostIntakePhase',
      'IntakeStep',
      'IntakeStandard',
      'TaskStatus',
      'PreferredLanguage',
      'NotificationKind',
      'ContactPointKind',
      'NotificationChannel',
      'RiskConferenceOutcome',
      'RiskAssessmentSource',
      'ProtectionOrderCondition',
      'ProtectionOrderKind',
      'ProtectionOrderStatus',
      'ProtectionOrderIssuer',
      'InboxAssignment',
      'CaseloadAssignment',
      'SafetyPlanAction',
      'SafetyPlanItemStatus',
      'PoliceNotificationMode',
      'SsaApplicationStatus',
    ];
    const missing: string[] = [];
    for (const name of labelled) {
      const body = new RegExp(`enum ${name} \\{([^}]*)\\}`).exec(schema)?.[1];
      expect(body, name).toBeDefined();
      const values = (body ?? '')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => /^[A-Z0-9_]+$/.test(l));
      expect(values.length, name).toBeGreaterThan(0);
      for (const value of values) {
        for (const language of LANGUAGES) {
          if (!(`enum.${name}.${value}` in catalogues[language]))
            missing.push(`${language} enum.${name}.${value}`);
        }
      }
    }
    for (const name of ['DataCategory', 'ConsentPurpose']) {
      for (const key of keys.filter((k) => k.startsWith(`enum.${name}.`))) {
        expect(keys, key).toContain(key.replace(`enum.${name}.`, `enum.${name}Explained.`));
      }
    }
    expect(missing).toEqual([]);
  });

  it('chooses the plural form by the language’s rules and formats the number', () => {
    expect(translate('en', 'inbox.count', { count: 1 })).toBe('1 task shown');
    expect(translate('en', 'inbox.count', { count: 1200 })).toBe('1,200 tasks shown');
    expect(translate('ru', 'inbox.count', { count: 1 })).toBe('Показана 1 задача');
    expect(translate('ru', 'inbox.count', { count: 3 })).toBe('Показано 3 задачи');
    expect(translate('ru', 'inbox.count', { count: 5 })).toBe('Показано 5 задач');
    expect(translate('az', 'inbox.count', { count: 5 })).toBe('5 tapşırıq göstərilir');
    expect(translate('en', 'errors.fieldInvalid', { field: 'Reason' })).toBe('Check “Reason”');
  });
});

describe('formatting', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  it('says the time left in each language', () => {
    expect(formatTimeLeft('en', '2026-03-10T15:00:00Z', now)).toBe('in 3 hours');
    expect(formatTimeLeft('en', '2026-03-10T11:30:00Z', now)).toBe('30 minutes ago');
    expect(formatTimeLeft('en', '2026-03-14T12:00:00Z', now)).toBe('in 4 days');
    expect(formatTimeLeft('ru', '2026-03-10T17:00:00Z', now)).toBe('через 5 часов');
    expect(formatTimeLeft('az', '2026-03-10T15:00:00Z', now)).toMatch(/3 saat/);
  });
  it('formats numbers and dates per locale', () => {
    expect(formatNumber('en', 12345)).toBe('12,345');
    expect(formatNumber('ru', 12345).replace(/\s/g, ' ')).toBe('12 345');
    expect(formatDate('en', '2026-03-10')).toBe('10 Mar 2026');
    expect(formatDate('ru', '2026-03-10')).toMatch(/10 мар\.? 2026/);
  });
});
