import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditWriter } from '@lib/audit';
import { Action, type IntakeSubject } from '@lib/authz';
import { type CaseAccess, CaseAccessService, type CaseActor, TimelineKind, TimelineWriter } from '@lib/cases';
import {
  CaseStatus,
  DomainError,
  DomainErrorCode,
  IntakeStep,
  OrganisationType,
  type ValidIntakeStepCompletion,
  type ValidPoliceNotification,
  validateIntakeStepCompletion,
  validatePoliceNotification,
} from '@lib/domain';
import { enqueueWorkflowStart, IdempotencyService } from '@lib/persistence';
import {
  assembleIntakeProgress,
  type DostIntakeProgress,
  type IntakeTaskRow,
  type IntakeTimelineRow,
  intakeKeyPrefix,
  intakeStartedKey,
} from './intake-progress';

/** CONFLICT: the intake of this case was already started (by another request). */
export class IntakeAlreadyStartedError extends DomainError {
  constructor(caseId: string) {
    super(DomainErrorCode.CONFLICT, `The DOST intake of case ${caseId} has already been started`);
  }
}

export interface IntakeRequestMeta {
  requestId: string | null;
}

/** The operations of the intake, as idempotency records and Temporal update ids name them. */
export type IntakeOperation = 'startDostIntake' | 'completeIntakeStep' | 'notifyPolice' | 'countersignIntakeLegalOverride';

/**
 * The DOST intake for the API: authorization (CASL Intake rules + the owning-case check), input validation with field
 * paths, the start record (timeline + audit, once per case) and the progress read from PostgreSQL. It never calls
 * Temporal: the API does, after these checks, with ids only (this service returns what the workflow needs).
 *
 * Error order: not DOST staff → FORBIDDEN (nothing about the case is looked at); case not visible → NOT_FOUND;
 * visible but not owned → FORBIDDEN; closed/closing case or intake not (yet) in that state → CONFLICT; bad input →
 * BAD_USER_INPUT with paths; role not allowed for the step → FORBIDDEN.
 */
@Injectable()
export class DostIntakeService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
    @Inject(TimelineWriter) private readonly timeline: TimelineWriter,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
  ) {}

  /**
   * Records that `actor` starts the intake of `caseId` (INTAKE_STARTED timeline entry + audit, one transaction), at
   * most once per (actor, idempotencyKey) and once per case: a second start with another key is a CONFLICT.
   * A replay of the same request returns normally, so the caller re-sends its (idempotent) workflow start.
   */
  /** Checks, without writing, that the actor may start the intake of this open case (NOT_FOUND / CONFLICT / FORBIDDEN). */
  async authorizeStart(actor: CaseActor, caseId: string): Promise<void> {
    const access = await this.ownCase(actor, caseId);
    requireOpen(access);
    this.requireAbility(access, Action.StartIntake, { kind: 'Intake', organisationId: access.case.owningOrganisationId }, 'Your role cannot start a DOST intake');
  }

  async recordStart(actor: CaseActor, caseId: string, idempotencyKey: string, meta: IntakeRequestMeta): Promise<{ replayed: boolean }> {
    await this.authorizeStart(actor, caseId);
    const key = requireKey(idempotencyKey);
    const result = await this.idempotency.runOnce(actor.staffId, key, 'startDostIntake', IdempotencyService.hashRequest({ caseId }), async (m) => {
      // Serialise concurrent starts of the same case, then re-check under the lock.
      const locked: { status: CaseStatus }[] = await m.query(`SELECT status FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
      if (locked[0]?.status !== CaseStatus.OPEN) throw DomainError.conflict('Case is not open');
      const existing: unknown[] = await m.query(
        `SELECT 1 FROM timeline_entries WHERE case_id = $1 AND (dedupe_key = $2 OR (kind = 'INTAKE_STEP_OPENED' AND dedupe_key LIKE $3)) LIMIT 1`,
        [caseId, intakeStartedKey(caseId), `${intakeKeyPrefix(caseId)}%`],
      );
      if (existing.length > 0) throw new IntakeAlreadyStartedError(caseId);
      const now = new Date();
      await this.timeline.append(m, {
        caseId,
        organisationId: actor.organisationId,
        actorId: actor.staffId,
        kind: TimelineKind.INTAKE_STARTED,
        occurredAt: now,
        dedupeKey: intakeStartedKey(caseId),
      });
      await this.audit.record(m, {
        actorId: actor.staffId,
        organisationId: actor.organisationId,
        action: 'DOST_INTAKE_STARTED',
        subjectType: 'case',
        subjectId: caseId,
        caseId,
        requestId: meta.requestId,
        occurredAt: now,
      });
      // The intake workflow's start commits with this record (outbox); the API starts it right after, or the sweep does.
      await enqueueWorkflowStart(m, { kind: 'DOST_INTAKE', subjectId: caseId, caseId, actorId: actor.staffId });
      return caseId;
    });
    return { replayed: result.replayed };
  }

  /**
   * Records (actor, idempotencyKey) → this request before the workflow update is sent: the same key with a different
   * request is a CONFLICT (as for every mutation of the API); the same request again passes, and the update id derived
   * from the key makes the workflow apply it once.
   */
  async claimRequest(
    actor: CaseActor,
    operation: IntakeOperation,
    caseId: string,
    idempotencyKey: string,
    request: unknown,
  ): Promise<{ replayed: boolean }> {
    const hash = IdempotencyService.hashRequest({ caseId, request });
    const r = await this.idempotency.runOnce(actor.staffId, requireKey(idempotencyKey), operation, hash, () => Promise.resolve(caseId));
    return { replayed: r.replayed };
  }

  /** Checks a step completion; returns the validated step and assessment for the workflow update. */
  async authorizeStep(actor: CaseActor, caseId: string, input: { step: unknown; assessment?: unknown }): Promise<ValidIntakeStepCompletion> {
    const access = await this.ownCase(actor, caseId);
    requireOpen(access);
    const valid = validateIntakeStepCompletion(input);
    await this.requireStarted(caseId);
    this.requireStepRole(access, valid.step);
    return valid;
  }

  /** Checks a police notification (mode, legal basis for the police, role); returns what the workflow update needs. */
  async authorizePoliceNotification(
    actor: CaseActor,
    caseId: string,
    input: { mode: unknown; legalOverride?: { basis?: unknown; justification?: unknown } | null },
  ): Promise<ValidPoliceNotification> {
    const access = await this.ownCase(actor, caseId);
    requireOpen(access);
    const valid = validatePoliceNotification(input, { caseIsChild: access.case.isChild });
    await this.requireStarted(caseId);
    this.requireStepRole(access, IntakeStep.POLICE_NOTIFICATION);
    return valid;
  }

  /**
   * Checks a countersignature (a supervisor of the centre who is not the requester) and claims the request's key.
   * A new request needs an override awaiting its countersignature (CONFLICT otherwise); a replay of the same request
   * skips that state check so its workflow update (same update id) returns the first answer.
   */
  async authorizeCountersign(actor: CaseActor, caseId: string, idempotencyKey: string): Promise<void> {
    const access = await this.ownCase(actor, caseId);
    requireOpen(access);
    const progress = await this.read(caseId);
    const requestedBy = progress?.police.requestedBy ?? null;
    if (requestedBy === null) {
      throw new DomainError(DomainErrorCode.INVALID_TRANSITION, 'No legal-override police notification awaits a countersignature');
    }
    const subject = { kind: 'LegalOverride' as const, organisationId: access.case.owningOrganisationId, requestedBy };
    if (!access.ability.can(Action.Countersign, subject)) {
      throw DomainError.forbidden(
        requestedBy === actor.staffId
          ? 'A legal override must be countersigned by someone other than the requester'
          : 'Only a supervisor of the DOST centre can countersign a legal override',
      );
    }
    const { replayed } = await this.claimRequest(actor, 'countersignIntakeLegalOverride', caseId, idempotencyKey, {});
    if (!replayed && !progress?.police.awaitingCountersign) {
      throw new DomainError(DomainErrorCode.INVALID_TRANSITION, 'No legal-override police notification awaits a countersignature');
    }
  }

  /**
   * The intake's progress for the owning centre's staff; null when no intake was started. NOT_FOUND for anyone else
   * (recipients of the case's referrals, monitoring, auditors, other centres): the intake is the centre's own work.
   */
  async progress(actor: CaseActor, caseId: string): Promise<DostIntakeProgress | null> {
    const access = await this.access.resolve(actor, caseId);
    const subject: IntakeSubject = { kind: 'Intake', caseId, organisationId: access?.case.owningOrganisationId ?? '' };
    if (!access || access.kind !== 'OWNER' || !access.ability.can(Action.Read, subject)) throw DomainError.notFound('Case');
    return this.read(caseId);
  }

  /** The progress without an authorization check (callers checked). */
  async read(caseId: string, manager: EntityManager = this.dataSource.manager, now = new Date()): Promise<DostIntakeProgress | null> {
    const prefix = `${intakeKeyPrefix(caseId)}%`;
    const timeline: IntakeTimelineRow[] = await manager.query(
      `SELECT kind, actor_id, occurred_at, referral_id, details, dedupe_key
         FROM timeline_entries WHERE case_id = $1 AND dedupe_key LIKE $2 ORDER BY occurred_at, id`,
      [caseId, prefix],
    );
    const tasks: IntakeTaskRow[] = await manager.query(
      `SELECT id, type, status, due_at, created_at, completed_at, completed_by, dedupe_key
         FROM tasks WHERE case_id = $1 AND dedupe_key LIKE $2`,
      [caseId, prefix],
    );
    return assembleIntakeProgress(caseId, timeline, tasks, now);
  }

  private async ownCase(actor: CaseActor, caseId: string): Promise<CaseAccess> {
    if (actor.organisationType !== OrganisationType.DOST_CENTER) {
      throw DomainError.forbidden('Only DOST centre staff run the DOST intake');
    }
    const access = await this.access.resolve(actor, caseId);
    if (!access) throw DomainError.notFound('Case');
    if (access.kind !== 'OWNER') throw DomainError.forbidden('Only the DOST centre that owns the case runs its intake');
    return access;
  }

  private async requireStarted(caseId: string): Promise<void> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM timeline_entries WHERE case_id = $1 AND dedupe_key LIKE $2 LIMIT 1`,
      [caseId, `${intakeKeyPrefix(caseId)}%`],
    );
    if (rows.length === 0) throw DomainError.conflict('No DOST intake has been started for this case');
  }

  private requireStepRole(access: CaseAccess, step: IntakeStep): void {
    const subject: IntakeSubject = { kind: 'Intake', caseId: access.case.id, organisationId: access.case.owningOrganisationId, step };
    this.requireAbility(access, Action.CompleteIntakeStep, subject, `Your role cannot complete the ${step} step`);
  }

  private requireAbility(access: CaseAccess, action: Action, subject: IntakeSubject, message: string): void {
    if (!access.ability.can(action, subject)) throw DomainError.forbidden(message);
  }
}

function requireOpen(access: CaseAccess): void {
  if (access.case.status !== CaseStatus.OPEN) throw DomainError.conflict('Case is not open');
}

/** Idempotency keys name a request (1-200 characters); they also derive the workflow update ids. */
export function requireKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 200) {
    throw DomainError.badInput('Invalid idempotency key', [{ path: ['input', 'idempotencyKey'], message: 'length 1-200' }]);
  }
  return key;
}

/** The workflow update id of an intake request: a retried mutation (same actor, same key) is applied once. */
export function intakeUpdateId(operation: IntakeOperation, caseId: string, actorId: string, idempotencyKey: string): string {
  return `${operation}/${caseId}/${actorId}/${requireKey(idempotencyKey)}`;
}
