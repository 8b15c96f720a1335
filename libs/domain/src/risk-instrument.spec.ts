import { RiskLevel } from './case';
import { DomainError } from './errors';
import {
  compareRiskLevels,
  describeInstrumentIssues,
  parseRiskInstrumentJson,
  RiskItemType,
  scoreRisk,
  validateRiskAnswers,
  validateRiskInstrument,
} from './risk-instrument';
import { DEFAULT_RISK_INSTRUMENT as I } from './risk-instrument.default';

function fail(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected DomainError');
}

/** A deep copy of the default instrument to break. */
const copy = (): Record<string, unknown> & { items: Record<string, unknown>[]; thresholds: Record<string, unknown>[] } =>
  JSON.parse(JSON.stringify(I)) as ReturnType<typeof copy>;

const yes = (...items: string[]) => items.map((item) => ({ item, value: 1 }));

describe('default risk instrument', () => {
  it('is a valid instrument', () => {
    expect(validateRiskInstrument(copy())).toBeDefined();
  });

  const redFlags = I.items.filter((i) => i.redFlagAt !== null);

  it('has red flags for strangulation, threats to kill, weapons and the survivor fearing for her life', () => {
    expect(redFlags.map((i) => i.id).sort()).toEqual(
      ['PRIOR_STRANGULATION', 'SURVIVOR_FEAR', 'THREAT_TO_KILL', 'WEAPON_USED_OR_THREATENED'].sort(),
    );
  });

  it.each(redFlags.map((i) => [i.id, i.redFlagAt as number] as const))('red flag %s alone gives HIGH', (item, value) => {
    const r = scoreRisk(I, [{ item, value }]);
    expect(r.level).toBe(RiskLevel.HIGH);
    expect(r.redFlags).toEqual([item]);
    // below the HIGH band by score: the flag, not the points, sets the level
    expect(r.score).toBeLessThan(12);
  });

  it('a red-flag item answered below its flag value is only points', () => {
    const r = scoreRisk(I, [{ item: 'SURVIVOR_FEAR', value: 2 }]);
    expect(r).toEqual({ instrumentVersion: I.version, score: 3, level: RiskLevel.LOW, redFlags: [] });
    expect(scoreRisk(I, [{ item: 'THREAT_TO_KILL', value: 0 }]).level).toBe(RiskLevel.LOW);
  });

  it.each([
    [[], 0, RiskLevel.LOW],
    [['WEAPON_ACCESS', 'ISOLATION'], 4, RiskLevel.LOW],
    [['WEAPON_ACCESS', 'ISOLATION', 'SUBSTANCE_MISUSE'], 5, RiskLevel.MEDIUM],
    [['WEAPON_ACCESS', 'ESCALATING_VIOLENCE', 'SEPARATION', 'PREGNANCY'], 11, RiskLevel.MEDIUM],
    [['WEAPON_ACCESS', 'ESCALATING_VIOLENCE', 'SEPARATION', 'PREGNANCY', 'ISOLATION'], 12, RiskLevel.HIGH],
  ] as const)('thresholds at their edges: %j scores %i → %s', (items, score, level) => {
    const r = scoreRisk(I, yes(...items));
    expect(r.score).toBe(score);
    expect(r.level).toBe(level);
    expect(r.redFlags).toEqual([]);
  });

  it('every item has a label in az, en and ru', () => {
    for (const item of I.items) {
      for (const l of ['az', 'en', 'ru'] as const) expect(item.labels[l].length).toBeGreaterThan(5);
      for (const o of item.options ?? []) for (const l of ['az', 'en', 'ru'] as const) expect(o.labels[l].length).toBeGreaterThan(2);
    }
  });
});

describe('validateRiskAnswers', () => {
  it('returns the answers in instrument order', () => {
    expect(validateRiskAnswers(I, [{ item: 'STALKING', value: 0 }, { item: 'THREAT_TO_KILL', value: 1 }])).toEqual([
      { item: 'THREAT_TO_KILL', value: 1 },
      { item: 'STALKING', value: 0 },
    ]);
  });

  it('names the field of an unknown item, a repeated item and an unaccepted value, never the value sent', () => {
    const e = fail(() =>
      validateRiskAnswers(I, [
        { item: 'SECRET-NAME-<script>', value: 1 },
        { item: 'STALKING', value: 1 },
        { item: 'STALKING', value: 0 },
        { item: 'SURVIVOR_FEAR', value: 7 },
      ]),
    );
    expect(e.fields).toEqual([
      { path: ['input', 'answers', '0', 'item'], message: `must be an item of instrument ${I.version}` },
      { path: ['input', 'answers', '2', 'item'], message: 'answers the same item as answers.1' },
      { path: ['input', 'answers', '3', 'value'], message: 'must be one of 0, 1, 2, 3' },
    ]);
    expect(JSON.stringify(e.fields) + e.message).not.toContain('SECRET');
  });

  it('refuses an empty list', () => {
    expect(fail(() => validateRiskAnswers(I, [])).fields[0]?.message).toBe('must answer at least one item');
  });
});

describe('validateRiskInstrument (a policy file is refused at start, naming the problem)', () => {
  const issues = (doc: unknown): string => describeInstrumentIssues(fail(() => validateRiskInstrument(doc)));

  it('an unknown field on an item', () => {
    const doc = copy();
    (doc.items[2] as Record<string, unknown>).colour = 'red';
    expect(issues(doc)).toBe('instrument.items.2.colour: unknown field');
  });

  it('a duplicate item id', () => {
    const doc = copy();
    doc.items[1]!.id = doc.items[0]!.id;
    expect(issues(doc)).toBe('instrument.items.1.id: duplicate item PRIOR_STRANGULATION');
  });

  it('a missing label, on an item and on a scale option', () => {
    const doc = copy();
    delete (doc.items[3]!.labels as Record<string, string>).ru;
    const scale = doc.items.findIndex((i) => i.type === RiskItemType.SCALE);
    ((doc.items[scale]!.options as Record<string, unknown>[])[1]!.labels as Record<string, string>).az = ' ';
    expect(issues(doc)).toBe(
      `instrument.items.3.labels.ru: missing label; instrument.items.${scale}.options.1.labels.az: missing label`,
    );
  });

  it('overlapping thresholds', () => {
    const doc = copy();
    doc.thresholds[1]!.min = 4; // LOW is 0..4
    expect(issues(doc)).toBe('instrument.thresholds.1.min: overlaps the LOW band (instrument.thresholds.0)');
  });

  it('a gap between thresholds, a band not from 0, a bounded top band, a missing level', () => {
    const gap = copy();
    gap.thresholds[2]!.min = 13;
    expect(issues(gap)).toBe('instrument.thresholds.2.min: leaves a gap after the MEDIUM band (instrument.thresholds.1)');
    const from1 = copy();
    from1.thresholds[0]!.min = 1;
    expect(issues(from1)).toBe('instrument.thresholds.0.min: the lowest band must start at 0');
    const bounded = copy();
    bounded.thresholds[2]!.max = 99;
    expect(issues(bounded)).toBe('instrument.thresholds.2.max: the highest band must have no upper bound (null)');
    const missing = copy();
    missing.thresholds.pop();
    expect(issues(missing)).toBe('instrument.thresholds: missing band for HIGH');
  });

  it('a red flag on a value the item cannot take, a bad weight, an unknown type', () => {
    const doc = copy();
    doc.items[0]!.redFlagAt = 2;
    doc.items[4]!.weight = -1;
    doc.items[5]!.type = 'FREE_TEXT';
    expect(issues(doc)).toBe(
      'instrument.items.0.redFlagAt: must be null or a non-zero answer value of the item; ' +
        'instrument.items.4.weight: must be an integer from 0 to 100; ' +
        'instrument.items.5.type: must be one of YES_NO, SCALE',
    );
  });

  it('not JSON, not an object, no version', () => {
    expect(describeInstrumentIssues(fail(() => parseRiskInstrumentJson('{')))).toBe('instrument: must be valid JSON');
    expect(issues([])).toBe('instrument: must be an object');
    const doc = copy();
    doc.version = '';
    expect(issues(doc)).toBe('instrument.version: must be a non-empty string of at most 64 characters');
  });
});

describe('compareRiskLevels', () => {
  it('orders LOW < MEDIUM < HIGH', () => {
    expect(compareRiskLevels(RiskLevel.HIGH, RiskLevel.MEDIUM)).toBe(1);
    expect(compareRiskLevels(RiskLevel.LOW, RiskLevel.MEDIUM)).toBe(-1);
    expect(compareRiskLevels(RiskLevel.LOW, RiskLevel.LOW)).toBe(0);
  });
});
