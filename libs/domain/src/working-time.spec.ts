import {
  BAKU_CALENDAR,
  DurationUnit as U,
  addDuration,
  addWorkingDays,
  isWorkingDay,
  subtractDuration,
} from './working-time';

// Baku is UTC+4. 2026-11-20 is a Friday.
const baku = (local: string): Date => new Date(`${local}+04:00`);

describe('working days (Baku, Mon–Fri)', () => {
  it('knows working days in local time, not UTC', () => {
    expect(isWorkingDay(baku('2026-11-20T23:30:00'))).toBe(true); // Friday local (19:30Z)
    expect(isWorkingDay(baku('2026-11-21T00:30:00'))).toBe(false); // Saturday local, still Friday 20:30 UTC
    expect(isWorkingDay(baku('2026-11-23T00:30:00'))).toBe(true); // Monday local, Sunday 20:30 UTC
  });

  it('keeps the time of day and skips the weekend', () => {
    expect(addWorkingDays(baku('2026-11-20T15:00:00'), 2)).toEqual(baku('2026-11-24T15:00:00')); // Fri → Tue
    expect(addWorkingDays(baku('2026-11-18T09:00:00'), 2)).toEqual(baku('2026-11-20T09:00:00')); // Wed → Fri
    expect(addWorkingDays(baku('2026-11-19T09:00:00'), 2)).toEqual(baku('2026-11-23T09:00:00')); // Thu → Mon
    expect(addWorkingDays(baku('2026-11-19T09:00:00'), 0)).toEqual(baku('2026-11-19T09:00:00'));
  });

  it('starts a weekend request at the next working morning', () => {
    expect(addWorkingDays(baku('2026-11-21T10:00:00'), 2)).toEqual(baku('2026-11-25T00:00:00')); // Sat → Wed 00:00
    expect(addWorkingDays(baku('2026-11-22T23:59:00'), 1)).toEqual(baku('2026-11-24T00:00:00')); // Sun → Tue 00:00
  });

  it('skips holidays', () => {
    const cal = { ...BAKU_CALENDAR, holidays: ['2026-11-23'] };
    expect(addWorkingDays(baku('2026-11-20T15:00:00'), 1, cal)).toEqual(baku('2026-11-24T15:00:00'));
    expect(isWorkingDay(baku('2026-11-23T10:00:00'), cal)).toBe(false);
  });

  it('counts backwards', () => {
    expect(addWorkingDays(baku('2026-11-23T15:00:00'), -1)).toEqual(baku('2026-11-20T15:00:00')); // Mon → Fri
    expect(addWorkingDays(baku('2026-11-22T10:00:00'), -1)).toEqual(baku('2026-11-20T00:00:00')); // Sun → end of Thu
  });

  it('refuses fractional days and empty weeks', () => {
    expect(() => addWorkingDays(new Date(), 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays(new Date(), 1, { ...BAKU_CALENDAR, workingWeekdays: [] })).toThrow(
      RangeError,
    );
  });
});

describe('durations', () => {
  const t = new Date('2026-11-20T11:00:00Z');
  it('adds minutes, hours, days', () => {
    expect(addDuration(t, { amount: 60, unit: U.MINUTES })).toEqual(new Date('2026-11-20T12:00:00Z'));
    expect(addDuration(t, { amount: 4, unit: U.HOURS })).toEqual(new Date('2026-11-20T15:00:00Z'));
    expect(addDuration(t, { amount: 1, unit: U.DAYS })).toEqual(new Date('2026-11-21T11:00:00Z'));
    expect(subtractDuration(t, { amount: 1, unit: U.HOURS })).toEqual(new Date('2026-11-20T10:00:00Z'));
  });
  it('adds months in local time, clamped to month end', () => {
    expect(addDuration(baku('2026-01-31T10:00:00'), { amount: 1, unit: U.MONTHS })).toEqual(
      baku('2026-02-28T10:00:00'),
    );
    expect(addDuration(baku('2028-01-31T10:00:00'), { amount: 1, unit: U.MONTHS })).toEqual(
      baku('2028-02-29T10:00:00'),
    );
    expect(addDuration(baku('2026-12-15T01:00:00'), { amount: 1, unit: U.MONTHS })).toEqual(
      baku('2027-01-15T01:00:00'),
    );
    // 31 Jan 01:00 Baku is still 30 Jan in UTC: local arithmetic matters
    expect(addDuration(baku('2026-03-31T01:00:00'), { amount: 1, unit: U.MONTHS })).toEqual(
      baku('2026-04-30T01:00:00'),
    );
    expect(subtractDuration(baku('2026-03-31T01:00:00'), { amount: 1, unit: U.MONTHS })).toEqual(
      baku('2026-02-28T01:00:00'),
    );
    expect(() => addDuration(t, { amount: 1.5, unit: U.MONTHS })).toThrow(RangeError);
  });
  it('adds working days', () => {
    expect(addDuration(baku('2026-11-20T15:00:00'), { amount: 1, unit: U.WORKING_DAYS })).toEqual(
      baku('2026-11-23T15:00:00'),
    );
  });
});
