/**
 * Cron schedules as the Temporal server reads `cronSchedule` (the standard 5-field form, in UTC, plus the descriptors
 * @yearly/@annually/@monthly/@weekly/@daily/@midnight/@hourly and `@every <duration>`), and the backoff to the next
 * scheduled time: the server rounds the interval up to whole seconds.
 */

interface FieldSpec {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAYS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const FIELDS: FieldSpec[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 7, names: DAYS },
];

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

export type CronSchedule =
  | { kind: 'every'; ms: number }
  | { kind: 'fields'; minute: Set<number>; hour: Set<number>; dom: Set<number>; month: Set<number>; dow: Set<number>; domStar: boolean; dowStar: boolean };

export class CronParseError extends Error {}

function value(token: string, spec: FieldSpec): number {
  const named = spec.names?.[token.toLowerCase()];
  if (named !== undefined) return named;
  if (!/^\d+$/.test(token)) throw new CronParseError('invalid cron field value');
  const n = Number(token);
  if (n < spec.min || n > spec.max) throw new CronParseError('cron field value out of range');
  return n;
}

function field(text: string, spec: FieldSpec): { set: Set<number>; star: boolean } {
  const set = new Set<number>();
  let star = false;
  for (const part of text.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new CronParseError('invalid cron step');
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') {
      lo = spec.min;
      hi = spec.max;
      if (stepText === undefined) star = true;
    } else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      lo = value(a, spec);
      hi = value(b, spec);
      if (hi < lo) throw new CronParseError('invalid cron range');
    } else {
      lo = value(range, spec);
      hi = stepText === undefined ? lo : spec.max;
    }
    for (let v = lo; v <= hi; v += step) set.add(v);
  }
  return { set, star };
}

/** Go-style duration ("1h30m", "90s", "500ms") as @every takes it. */
function goDuration(text: string): number {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * (units[m[2] ?? ''] ?? 0);
    consumed = re.lastIndex;
  }
  if (consumed !== text.length || text.length === 0) throw new CronParseError('invalid @every duration');
  return total;
}

export function parseCron(text: string): CronSchedule {
  const trimmed = text.trim();
  if (trimmed.startsWith('@every ')) {
    const ms = goDuration(trimmed.slice('@every '.length).trim());
    // As the server's cron library: intervals below a second run every second.
    return { kind: 'every', ms: Math.max(1000, Math.floor(ms / 1000) * 1000) };
  }
  const expanded = DESCRIPTORS[trimmed.toLowerCase()] ?? trimmed;
  const parts = expanded.split(/\s+/);
  if (parts.length !== 5) throw new CronParseError('a cron schedule has five fields');
  const [minute, hour, dom, month, dow] = parts.map((p, i) => field(p, FIELDS[i] as FieldSpec)) as [
    ReturnType<typeof field>,
    ReturnType<typeof field>,
    ReturnType<typeof field>,
    ReturnType<typeof field>,
    ReturnType<typeof field>,
  ];
  if (dow.set.has(7)) dow.set.add(0);
  return { kind: 'fields', minute: minute.set, hour: hour.set, dom: dom.set, month: month.set, dow: dow.set, domStar: dom.star, dowStar: dow.star };
}

function dayMatches(s: Extract<CronSchedule, { kind: 'fields' }>, d: Date): boolean {
  const dom = s.dom.has(d.getUTCDate());
  const dow = s.dow.has(d.getUTCDay());
  // Standard cron: when both day fields are restricted, either may match.
  if (s.domStar || s.dowStar) return dom && dow;
  return dom || dow;
}

/** The first scheduled time strictly after `afterMs`, or 0 if there is none within five years. */
export function nextCronTime(s: CronSchedule, afterMs: number): number {
  if (s.kind === 'every') return afterMs - (afterMs % 1000) + s.ms;
  const d = new Date(afterMs - (afterMs % 60_000) + 60_000);
  const limit = afterMs + 5 * 366 * 24 * 3600 * 1000;
  while (d.getTime() <= limit) {
    if (!s.month.has(d.getUTCMonth() + 1)) {
      d.setUTCMonth(d.getUTCMonth() + 1, 1);
      d.setUTCHours(0, 0, 0, 0);
    } else if (!dayMatches(s, d)) {
      d.setUTCDate(d.getUTCDate() + 1);
      d.setUTCHours(0, 0, 0, 0);
    } else if (!s.hour.has(d.getUTCHours())) {
      d.setUTCHours(d.getUTCHours() + 1, 0, 0, 0);
    } else if (!s.minute.has(d.getUTCMinutes())) {
      d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0);
    } else {
      return d.getTime();
    }
  }
  return 0;
}

/** Backoff from `nowMs` to the next scheduled time, rounded up to whole seconds (0 if the schedule never fires). */
export function cronBackoffMs(s: CronSchedule, nowMs: number): number {
  const next = nextCronTime(s, nowMs);
  if (!next) return 0;
  return Math.ceil((next - nowMs) / 1000) * 1000;
}
