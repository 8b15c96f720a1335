import { RiskLevel } from './case';
import { DomainError, type FieldIssue } from './errors';
import { type FieldPath } from './validation';

/**
 * The risk-assessment instrument is policy DATA, like the deadline policy: a typed, versioned document. An
 * assessment records the version it was scored with. DEFAULT_RISK_INSTRUMENT is written by the project from widely
 * published lethality indicators (docs/risk-instrument.md cites them); a deployment may load its own JSON through
 * parseRiskInstrumentJson (RISK_INSTRUMENT_FILE), validated at start.
 *
 * Scoring: every answered item adds its weight; an item answered at or above its red-flag value makes the level
 * HIGH on its own; otherwise the level is the threshold band the score falls in. Unanswered items ("not known")
 * add nothing: the instrument never guesses.
 */

export enum RiskItemType {
  /** 0 = no, 1 = yes. */
  YES_NO = 'YES_NO',
  /** One of the item's options (by value). */
  SCALE = 'SCALE',
}

export const RISK_INSTRUMENT_LANGUAGES = ['az', 'en', 'ru'] as const;
export type RiskInstrumentLanguage = (typeof RISK_INSTRUMENT_LANGUAGES)[number];
export type RiskLabels = Readonly<Record<RiskInstrumentLanguage, string>>;

export interface RiskScaleOption {
  value: number;
  weight: number;
  labels: RiskLabels;
}

export interface RiskItem {
  /** Stable identifier, UPPER_SNAKE_CASE; answers name it. */
  id: string;
  type: RiskItemType;
  labels: RiskLabels;
  /** YES_NO: the weight of a "yes". SCALE: unused (each option has its own weight); 0. */
  weight: number;
  /** SCALE only. */
  options?: readonly RiskScaleOption[];
  /** The answer value at or above which this item alone makes the level HIGH (YES_NO: 1); null = not a red flag. */
  redFlagAt: number | null;
}

/** Scores in [min, max] (max null = no upper bound) give `level`. */
export interface RiskThreshold {
  level: RiskLevel;
  min: number;
  max: number | null;
}

export interface RiskInstrument {
  version: string;
  items: readonly RiskItem[];
  /** One band per level, contiguous from 0, LOW < MEDIUM < HIGH. */
  thresholds: readonly RiskThreshold[];
}

export interface RiskAnswer {
  item: string;
  value: number;
}

export interface RiskScore {
  instrumentVersion: string;
  score: number;
  level: RiskLevel;
  /** Item ids whose answer alone set HIGH, instrument order. */
  redFlags: string[];
}

const RISK_ORDER: readonly RiskLevel[] = [RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH];

/** -1, 0, 1 as `a` is lower than, equal to or higher than `b`. */
export function compareRiskLevels(a: RiskLevel, b: RiskLevel): number {
  return Math.sign(RISK_ORDER.indexOf(a) - RISK_ORDER.indexOf(b));
}

// ---------------------------------------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------------------------------------

function answerWeight(item: RiskItem, value: number): number {
  if (item.type === RiskItemType.YES_NO) return value === 1 ? item.weight : 0;
  return item.options?.find((o) => o.value === value)?.weight ?? 0;
}

/** The band a score falls in (the instrument was validated: exactly one). */
export function levelForScore(instrument: RiskInstrument, score: number): RiskLevel {
  const band = instrument.thresholds.find((t) => score >= t.min && (t.max === null || score <= t.max));
  /* istanbul ignore next -- validated instruments cover every score from 0 */
  if (!band) throw new Error('risk instrument thresholds do not cover the score');
  return band.level;
}

/** Scores validated answers (see validateRiskAnswers). */
export function scoreRisk(instrument: RiskInstrument, answers: readonly RiskAnswer[]): RiskScore {
  let score = 0;
  const flagged = new Set<string>();
  for (const a of answers) {
    const item = instrument.items.find((i) => i.id === a.item);
    if (!item) continue;
    score += answerWeight(item, a.value);
    if (item.redFlagAt !== null && a.value >= item.redFlagAt) flagged.add(item.id);
  }
  const redFlags = instrument.items.filter((i) => flagged.has(i.id)).map((i) => i.id);
  return {
    instrumentVersion: instrument.version,
    score,
    level: redFlags.length > 0 ? RiskLevel.HIGH : levelForScore(instrument, score),
    redFlags,
  };
}

/**
 * Checks answers submitted for `instrument`: each names a known item once, with a value the item accepts. Messages
 * name the field, never the submitted value. Returns them in instrument order.
 */
export function validateRiskAnswers(
  instrument: RiskInstrument,
  raw: unknown,
  path: FieldPath = ['input', 'answers'],
): RiskAnswer[] {
  const issues: FieldIssue[] = [];
  if (!Array.isArray(raw)) {
    throw DomainError.badInput('Invalid risk answers', [{ path: [...path], message: 'must be a list' }]);
  }
  if (raw.length === 0) {
    throw DomainError.badInput('Invalid risk answers', [{ path: [...path], message: 'must answer at least one item' }]);
  }
  const seen = new Map<string, number>();
  raw.forEach((a: unknown, i) => {
    const p = [...path, String(i)];
    if (typeof a !== 'object' || a === null) {
      issues.push({ path: p, message: 'must be an answer { item, value }' });
      return;
    }
    const { item: id, value } = a as { item?: unknown; value?: unknown };
    const item = typeof id === 'string' ? instrument.items.find((x) => x.id === id) : undefined;
    if (!item) {
      issues.push({ path: [...p, 'item'], message: `must be an item of instrument ${instrument.version}` });
      return;
    }
    if (seen.has(item.id)) {
      issues.push({ path: [...p, 'item'], message: `answers the same item as answers.${seen.get(item.id)}` });
      return;
    }
    seen.set(item.id, i);
    const accepted = item.type === RiskItemType.YES_NO ? [0, 1] : (item.options ?? []).map((o) => o.value);
    if (typeof value !== 'number' || !accepted.includes(value)) {
      issues.push({ path: [...p, 'value'], message: `must be one of ${accepted.join(', ')}` });
    }
  });
  if (issues.length > 0) throw DomainError.badInput('Invalid risk answers', issues);
  const byItem = new Map((raw as RiskAnswer[]).map((a) => [a.item, a.value]));
  return instrument.items.filter((i) => byItem.has(i.id)).map((i) => ({ item: i.id, value: byItem.get(i.id) as number }));
}

// ---------------------------------------------------------------------------------------------------------
// Validation of an instrument loaded from configuration
// ---------------------------------------------------------------------------------------------------------

type Issues = { path: string[]; message: string }[];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkLabels(v: unknown, path: string[], issues: Issues): void {
  if (!isRecord(v)) {
    issues.push({ path, message: `must be an object with labels in ${RISK_INSTRUMENT_LANGUAGES.join(', ')}` });
    return;
  }
  for (const l of RISK_INSTRUMENT_LANGUAGES) {
    const label = v[l];
    if (typeof label !== 'string' || label.trim() === '') issues.push({ path: [...path, l], message: 'missing label' });
  }
  for (const k of Object.keys(v)) {
    if (!(RISK_INSTRUMENT_LANGUAGES as readonly string[]).includes(k)) issues.push({ path: [...path, k], message: 'unknown language' });
  }
}

const isWeight = (w: unknown): w is number => typeof w === 'number' && Number.isInteger(w) && w >= 0 && w <= 100;
const ITEM_ID = /^[A-Z][A-Z0-9_]{1,63}$/;
const ITEM_KEYS = ['id', 'type', 'labels', 'weight', 'options', 'redFlagAt'];

function checkItem(v: unknown, path: string[], issues: Issues, ids: Set<string>): void {
  if (!isRecord(v)) {
    issues.push({ path, message: 'must be an item' });
    return;
  }
  for (const k of Object.keys(v)) if (!ITEM_KEYS.includes(k)) issues.push({ path: [...path, k], message: 'unknown field' });
  if (typeof v.id !== 'string' || !ITEM_ID.test(v.id)) {
    issues.push({ path: [...path, 'id'], message: 'must be UPPER_SNAKE_CASE, 2 to 64 characters' });
  } else if (ids.has(v.id)) {
    issues.push({ path: [...path, 'id'], message: `duplicate item ${v.id}` });
  } else ids.add(v.id);
  checkLabels(v.labels, [...path, 'labels'], issues);
  if (!isWeight(v.weight)) issues.push({ path: [...path, 'weight'], message: 'must be an integer from 0 to 100' });
  const accepted: number[] = [];
  if (v.type === RiskItemType.YES_NO) {
    accepted.push(0, 1);
    if (v.options !== undefined) issues.push({ path: [...path, 'options'], message: 'a YES_NO item has no options' });
  } else if (v.type === RiskItemType.SCALE) {
    if (!Array.isArray(v.options) || v.options.length < 2) {
      issues.push({ path: [...path, 'options'], message: 'a SCALE item needs at least 2 options' });
    } else {
      v.options.forEach((o: unknown, i) => {
        const p = [...path, 'options', String(i)];
        if (!isRecord(o)) {
          issues.push({ path: p, message: 'must be an option { value, weight, labels }' });
          return;
        }
        if (typeof o.value !== 'number' || !Number.isInteger(o.value) || o.value < 0) {
          issues.push({ path: [...p, 'value'], message: 'must be a non-negative integer' });
        } else if (accepted.includes(o.value)) {
          issues.push({ path: [...p, 'value'], message: 'duplicate option value' });
        } else accepted.push(o.value);
        if (!isWeight(o.weight)) issues.push({ path: [...p, 'weight'], message: 'must be an integer from 0 to 100' });
        checkLabels(o.labels, [...p, 'labels'], issues);
      });
    }
  } else {
    issues.push({ path: [...path, 'type'], message: `must be one of ${Object.values(RiskItemType).join(', ')}` });
  }
  if (v.redFlagAt !== null && !(typeof v.redFlagAt === 'number' && accepted.includes(v.redFlagAt) && v.redFlagAt > 0)) {
    issues.push({ path: [...path, 'redFlagAt'], message: 'must be null or a non-zero answer value of the item' });
  }
}

function checkThresholds(v: unknown, path: string[], issues: Issues): void {
  if (!Array.isArray(v)) {
    issues.push({ path, message: `must list one band per level (${RISK_ORDER.join(', ')})` });
    return;
  }
  const bands: { level: RiskLevel; min: number; max: number | null; index: number }[] = [];
  v.forEach((t: unknown, i) => {
    const p = [...path, String(i)];
    if (!isRecord(t)) {
      issues.push({ path: p, message: 'must be a band { level, min, max }' });
      return;
    }
    let ok = true;
    if (typeof t.level !== 'string' || !(RISK_ORDER as string[]).includes(t.level)) {
      issues.push({ path: [...p, 'level'], message: `must be one of ${RISK_ORDER.join(', ')}` });
      ok = false;
    } else if (bands.some((b) => b.level === t.level)) {
      issues.push({ path: [...p, 'level'], message: `duplicate band for ${t.level}` });
      ok = false;
    }
    if (typeof t.min !== 'number' || !Number.isInteger(t.min) || t.min < 0) {
      issues.push({ path: [...p, 'min'], message: 'must be a non-negative integer' });
      ok = false;
    }
    if (t.max !== null && (typeof t.max !== 'number' || !Number.isInteger(t.max))) {
      issues.push({ path: [...p, 'max'], message: 'must be an integer or null (no upper bound)' });
      ok = false;
    } else if (typeof t.max === 'number' && typeof t.min === 'number' && t.max < t.min) {
      issues.push({ path: [...p, 'max'], message: 'must not be below min' });
      ok = false;
    }
    if (ok) bands.push({ level: t.level as RiskLevel, min: t.min as number, max: t.max as number | null, index: i });
  });
  if (issues.some((x) => x.path.length > path.length && x.path.slice(0, path.length).join('.') === path.join('.'))) return;
  for (const level of RISK_ORDER) {
    if (!bands.some((b) => b.level === level)) issues.push({ path, message: `missing band for ${level}` });
  }
  if (bands.length !== RISK_ORDER.length) return;
  const sorted = [...bands].sort((a, b) => a.min - b.min);
  sorted.forEach((b, k) => {
    const p = [...path, String(b.index)];
    if (b.level !== RISK_ORDER[k]) issues.push({ path: [...p, 'level'], message: 'bands must rise LOW, MEDIUM, HIGH' });
    if (k === 0) {
      if (b.min !== 0) issues.push({ path: [...p, 'min'], message: 'the lowest band must start at 0' });
    } else {
      const prev = sorted[k - 1] as (typeof sorted)[number];
      const prevPath = [...path, String(prev.index)];
      if (prev.max === null || prev.max >= b.min) {
        issues.push({ path: [...p, 'min'], message: `overlaps the ${prev.level} band (${prevPath.join('.')})` });
      } else if (prev.max + 1 !== b.min) {
        issues.push({ path: [...p, 'min'], message: `leaves a gap after the ${prev.level} band (${prevPath.join('.')})` });
      }
    }
    if (k === sorted.length - 1 && b.max !== null) {
      issues.push({ path: [...p, 'max'], message: 'the highest band must have no upper bound (null)' });
    }
  });
}

/**
 * Validates an untrusted instrument (e.g. parsed from RISK_INSTRUMENT_FILE): known fields only, unique item ids,
 * labels in az, en and ru, non-negative integer weights, red flags on an answer the item accepts, threshold bands
 * contiguous from 0 with no overlap. Throws BAD_INPUT listing every issue with its path under ['instrument', …].
 */
export function validateRiskInstrument(input: unknown): RiskInstrument {
  const issues: Issues = [];
  const root = ['instrument'];
  if (!isRecord(input)) throw DomainError.badInput('Invalid risk instrument', [{ path: root, message: 'must be an object' }]);
  for (const k of Object.keys(input)) {
    if (!['version', 'items', 'thresholds'].includes(k)) issues.push({ path: [...root, k], message: 'unknown field' });
  }
  if (typeof input.version !== 'string' || input.version.trim() === '' || input.version.length > 64) {
    issues.push({ path: [...root, 'version'], message: 'must be a non-empty string of at most 64 characters' });
  }
  if (!Array.isArray(input.items) || input.items.length === 0) {
    issues.push({ path: [...root, 'items'], message: 'must be a non-empty list' });
  } else {
    const ids = new Set<string>();
    input.items.forEach((item: unknown, i) => checkItem(item, [...root, 'items', String(i)], issues, ids));
  }
  checkThresholds(input.thresholds, [...root, 'thresholds'], issues);
  if (issues.length > 0) throw DomainError.badInput('Invalid risk instrument', issues);
  return input as unknown as RiskInstrument;
}

/** Parses and validates a JSON instrument document. */
export function parseRiskInstrumentJson(json: string): RiskInstrument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw DomainError.badInput('Invalid risk instrument', [{ path: ['instrument'], message: 'must be valid JSON' }]);
  }
  return validateRiskInstrument(parsed);
}

/** One line per issue, `instrument.items.3.labels.ru: missing label`: what a failed start prints. */
export function describeInstrumentIssues(error: DomainError): string {
  return error.fields.map((f) => `${f.path.join('.')}: ${f.message}`).join('; ');
}
