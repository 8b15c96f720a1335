/**
 * Pure calendar arithmetic for deadlines. Working days are counted in a fixed-offset local time zone
 * (default Asia/Baku, UTC+4, which has had no daylight-saving time since 2016), Monday to Friday, minus
 * listed public holidays. No Date.now(): every function takes its instants as arguments.
 */

export enum DurationUnit {
  MINUTES = 'MINUTES',
  HOURS = 'HOURS',
  /** 24-hour calendar days. */
  DAYS = 'DAYS',
  /** Working days of the calendar (see addWorkingDays). */
  WORKING_DAYS = 'WORKING_DAYS',
  /** Calendar months in local time, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
  MONTHS = 'MONTHS',
}

export interface PolicyDuration {
  amount: number;
  unit: DurationUnit;
}

export interface WorkingCalendar {
  /** Offset of local time from UTC, minutes (Baku: 240). */
  utcOffsetMinutes: number;
  /** Working weekdays, 0 = Sunday … 6 = Saturday. */
  workingWeekdays: readonly number[];
  /** Local public holidays, YYYY-MM-DD. */
  holidays: readonly string[];
}

export const BAKU_CALENDAR: WorkingCalendar = {
  utcOffsetMinutes: 240,
  workingWeekdays: [1, 2, 3, 4, 5],
  holidays: [],
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function toLocal(instant: Date, cal: WorkingCalendar): Date {
  return new Date(instant.getTime() + cal.utcOffsetMinutes * MINUTE);
}
function fromLocal(local: Date, cal: WorkingCalendar): Date {
  return new Date(local.getTime() - cal.utcOffsetMinutes * MINUTE);
}

/** Whether the local calendar day containing `instant` is a working day. */
export function isWorkingDay(instant: Date, cal: WorkingCalendar = BAKU_CALENDAR): boolean {
  return isLocalWorkingDay(toLocal(instant, cal), cal);
}

function isLocalWorkingDay(local: Date, cal: WorkingCalendar): boolean {
  return (
    cal.workingWeekdays.includes(local.getUTCDay()) &&
    !cal.holidays.includes(local.toISOString().slice(0, 10))
  );
}

/**
 * Adds (or, with negative `days`, subtracts) working days. If `from` falls on a non-working day, the count
 * starts at the beginning (00:00 local) of the next working day in the direction of travel (forward) or the
 * end of the previous one (backward). Otherwise the local time of day is kept:
 * Friday 15:00 + 2 = Tuesday 15:00; Saturday 10:00 + 2 = Wednesday 00:00 (two whole working days: Mon, Tue).
 */
export function addWorkingDays(from: Date, days: number, cal: WorkingCalendar = BAKU_CALENDAR): Date {
  if (!Number.isInteger(days)) throw new RangeError('working days must be an integer');
  if (cal.workingWeekdays.length === 0) throw new RangeError('calendar has no working weekdays');
  let local = toLocal(from, cal);
  const step = days >= 0 ? 1 : -1;
  if (!isLocalWorkingDay(local, cal)) {
    local = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
    do {
      local = new Date(local.getTime() + step * DAY);
    } while (!isLocalWorkingDay(local, cal));
    // forward: 00:00 of the next working day; backward: the end (next midnight) of the previous working day
    if (step < 0) local = new Date(local.getTime() + DAY);
  }
  for (let remaining = Math.abs(days); remaining > 0; remaining--) {
    do {
      local = new Date(local.getTime() + step * DAY);
    } while (!isLocalWorkingDay(local, cal));
  }
  return fromLocal(local, cal);
}

function addMonths(from: Date, months: number, cal: WorkingCalendar): Date {
  if (!Number.isInteger(months)) throw new RangeError('months must be an integer');
  const local = toLocal(from, cal);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(local.getUTCDate(), lastDay);
  const shifted = new Date(
    Date.UTC(
      y,
      m,
      day,
      local.getUTCHours(),
      local.getUTCMinutes(),
      local.getUTCSeconds(),
      local.getUTCMilliseconds(),
    ),
  );
  return fromLocal(shifted, cal);
}

/** `from` shifted by `duration` (direction 1 = later, -1 = earlier). */
export function shiftBy(
  from: Date,
  duration: PolicyDuration,
  cal: WorkingCalendar = BAKU_CALENDAR,
  direction: 1 | -1 = 1,
): Date {
  const n = duration.amount * direction;
  switch (duration.unit) {
    case DurationUnit.MINUTES:
      return new Date(from.getTime() + n * MINUTE);
    case DurationUnit.HOURS:
      return new Date(from.getTime() + n * HOUR);
    case DurationUnit.DAYS:
      return new Date(from.getTime() + n * DAY);
    case DurationUnit.WORKING_DAYS:
      return addWorkingDays(from, n, cal);
    case DurationUnit.MONTHS:
      return addMonths(from, n, cal);
  }
}

export function addDuration(
  from: Date,
  duration: PolicyDuration,
  cal: WorkingCalendar = BAKU_CALENDAR,
): Date {
  return shiftBy(from, duration, cal, 1);
}

export function subtractDuration(
  from: Date,
  duration: PolicyDuration,
  cal: WorkingCalendar = BAKU_CALENDAR,
): Date {
  return shiftBy(from, duration, cal, -1);
}
