import { ConsentPurpose, DataCategory } from './consent';
import {
  type FieldPath,
  InputIssues,
  badField,
  optionalText,
  requireDate,
  requireEnum,
  requireFreeText,
  requireKey,
  requireText,
  requireUuid,
} from './validation';

/**
 * What a safety-plan item asks someone to do: a small coded list, so the organisation responsible for an item learns
 * what to do from the code alone and never needs the item's free text (which stays inside the owning organisation).
 */
export enum SafetyPlanAction {
  /** Arrange safe accommodation (a shelter place or another safe address). */
  SAFE_ACCOMMODATION = 'SAFE_ACCOMMODATION',
  /** Police welfare checks or patrols near the survivor. */
  POLICE_WELFARE_CHECK = 'POLICE_WELFARE_CHECK',
  /** Legal advice, including help applying for a protection order. */
  LEGAL_ADVICE = 'LEGAL_ADVICE',
  /** Medical examination or treatment. */
  HEALTH_CARE = 'HEALTH_CARE',
  /** Psychological counselling. */
  COUNSELLING = 'COUNSELLING',
  /** Measures for the children's safety (school, care arrangements). */
  CHILD_SAFETY = 'CHILD_SAFETY',
  /** An emergency contact and escape plan agreed with the survivor. */
  EMERGENCY_PLAN = 'EMERGENCY_PLAN',
  /** Financial or material support. */
  FINANCIAL_SUPPORT = 'FINANCIAL_SUPPORT',
}

export enum SafetyPlanItemStatus {
  OPEN = 'OPEN',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}

/** The consent purpose an item's action serves: another organisation gets the task only if consent covers it. */
export const SAFETY_PLAN_ACTION_PURPOSE: Readonly<Record<SafetyPlanAction, ConsentPurpose>> = {
  [SafetyPlanAction.SAFE_ACCOMMODATION]: ConsentPurpose.SHELTER_PLACEMENT,
  [SafetyPlanAction.POLICE_WELFARE_CHECK]: ConsentPurpose.LAW_ENFORCEMENT,
  [SafetyPlanAction.LEGAL_ADVICE]: ConsentPurpose.LEGAL_AID,
  [SafetyPlanAction.HEALTH_CARE]: ConsentPurpose.HEALTH_CARE,
  [SafetyPlanAction.COUNSELLING]: ConsentPurpose.PSYCHOSOCIAL_SUPPORT,
  [SafetyPlanAction.CHILD_SAFETY]: ConsentPurpose.CHILD_PROTECTION,
  [SafetyPlanAction.EMERGENCY_PLAN]: ConsentPurpose.SERVICE_PROVISION,
  [SafetyPlanAction.FINANCIAL_SUPPORT]: ConsentPurpose.SERVICE_PROVISION,
};

/**
 * What a task in another organisation's inbox discloses: that this (pseudonymously coded) person needs the action.
 * That is identity data, so the consent must cover IDENTITY to that organisation for the action's purpose.
 */
export const SAFETY_PLAN_DISCLOSED_CATEGORIES: readonly DataCategory[] = [DataCategory.IDENTITY];

/**
 * The dedupe key of the SAFETY_PLAN_ACTION task an item raises at one version, `safety-plan:<itemId>:<version>`: a
 * retried write never raises a second task, a re-issue (new organisation or due date) raises a new one.
 */
export function safetyPlanTaskKey(itemId: string, version: number): string {
  return `safety-plan:${itemId}:${version}`;
}

/** A SQL LIKE pattern matching the keys of every task an item has raised. */
export function safetyPlanTaskKeyPattern(itemId: string): string {
  return `safety-plan:${itemId}:%`;
}

const SAFETY_PLAN_TASK_KEY = /^safety-plan:([0-9a-f-]{36}):\d+$/;

/** The item a task's dedupe key names (safetyPlanTaskKey), or null for any other key. */
export function safetyPlanItemIdOfTaskKey(key: string | null): string | null {
  return SAFETY_PLAN_TASK_KEY.exec(key ?? '')?.[1] ?? null;
}

/** Longest free text on an item, in characters. */
export const MAX_SAFETY_PLAN_NOTE_LENGTH = 2000;
/** Due and review dates lie at most this far ahead. */
export const MAX_SAFETY_PLAN_HORIZON_DAYS = 366;

const DAY_MS = 86_400_000;

function planDate(value: unknown, now: Date, path: FieldPath): Date {
  const date = requireDate(value, path);
  if (date.getTime() <= now.getTime()) badField(path, 'must be in the future');
  if (date.getTime() > now.getTime() + MAX_SAFETY_PLAN_HORIZON_DAYS * DAY_MS) {
    badField(path, `must be within ${MAX_SAFETY_PLAN_HORIZON_DAYS} days`);
  }
  return date;
}

function note(value: unknown, path: FieldPath): string | null {
  const text = optionalText(value, path, { maxLength: MAX_SAFETY_PLAN_NOTE_LENGTH });
  return text === null ? null : requireFreeText(text, path);
}

export interface AddSafetyPlanItemCommand {
  caseId: unknown;
  action: unknown;
  note?: unknown;
  responsibleOrganisationId: unknown;
  dueAt: unknown;
  reviewAt: unknown;
  idempotencyKey: unknown;
}

export interface ValidSafetyPlanItem {
  caseId: string;
  action: SafetyPlanAction;
  note: string | null;
  responsibleOrganisationId: string;
  dueAt: Date;
  reviewAt: Date;
  key: string;
}

/** Validates addSafetyPlanItem's input, naming every bad field under `input` (never quoting a value). */
export function validateAddSafetyPlanItem(input: AddSafetyPlanItemCommand, now: Date): ValidSafetyPlanItem {
  const issues = new InputIssues();
  const caseId = issues.check(() => requireUuid(input.caseId, ['input', 'caseId']));
  const action = issues.check(() => requireEnum(SafetyPlanAction, input.action, ['input', 'action']));
  const text = issues.check(() => note(input.note, ['input', 'note']));
  const org = issues.check(() => requireUuid(input.responsibleOrganisationId, ['input', 'responsibleOrganisationId']));
  const dueAt = issues.check(() => planDate(input.dueAt, now, ['input', 'dueAt']));
  const reviewAt = issues.check(() => planDate(input.reviewAt, now, ['input', 'reviewAt']));
  const key = issues.check(() => requireKey(requireText(input.idempotencyKey, ['input', 'idempotencyKey']), ['input', 'idempotencyKey']));
  issues.throwIfAny('Invalid safety plan item');
  return {
    caseId: caseId as string,
    action: action as SafetyPlanAction,
    note: text ?? null,
    responsibleOrganisationId: org as string,
    dueAt: dueAt as Date,
    reviewAt: reviewAt as Date,
    key: key as string,
  };
}

export interface UpdateSafetyPlanItemCommand {
  itemId: unknown;
  expectedVersion: unknown;
  status?: unknown;
  note?: unknown;
  responsibleOrganisationId?: unknown;
  dueAt?: unknown;
  reviewAt?: unknown;
  idempotencyKey: unknown;
}

/** The fields to change; absent (undefined) fields keep their value. `note: null` clears the text. */
export interface ValidSafetyPlanUpdate {
  itemId: string;
  expectedVersion: number;
  status?: SafetyPlanItemStatus;
  note?: string | null;
  responsibleOrganisationId?: string;
  dueAt?: Date;
  reviewAt?: Date;
  key: string;
}

const given = (v: unknown): boolean => v !== undefined && v !== null;

/** Validates updateSafetyPlanItem's input; a null or absent field is left unchanged (an empty note clears it). */
export function validateUpdateSafetyPlanItem(input: UpdateSafetyPlanItemCommand, now: Date): ValidSafetyPlanUpdate {
  const issues = new InputIssues();
  const itemId = issues.check(() => requireUuid(input.itemId, ['input', 'itemId']));
  const version = input.expectedVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    issues.add(['input', 'expectedVersion'], 'must be a positive integer');
  }
  const out: Partial<ValidSafetyPlanUpdate> = {};
  if (given(input.status)) out.status = issues.check(() => requireEnum(SafetyPlanItemStatus, input.status, ['input', 'status']));
  if (input.note !== undefined && input.note !== null) out.note = issues.check(() => note(input.note, ['input', 'note'])) ?? null;
  if (given(input.responsibleOrganisationId)) {
    out.responsibleOrganisationId = issues.check(() => requireUuid(input.responsibleOrganisationId, ['input', 'responsibleOrganisationId']));
  }
  if (given(input.dueAt)) out.dueAt = issues.check(() => planDate(input.dueAt, now, ['input', 'dueAt']));
  if (given(input.reviewAt)) out.reviewAt = issues.check(() => planDate(input.reviewAt, now, ['input', 'reviewAt']));
  const key = issues.check(() => requireKey(requireText(input.idempotencyKey, ['input', 'idempotencyKey']), ['input', 'idempotencyKey']));
  issues.throwIfAny('Invalid safety plan item');
  return { ...out, itemId: itemId as string, expectedVersion: version as number, key: key as string };
}
