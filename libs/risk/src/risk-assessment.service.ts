import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditWriter } from '@lib/audit';
import { Action } from '@lib/authz';
import { type CaseAccess, type CaseActor, CaseAccessService, TimelineKind, TimelineWriter } from '@lib/cases';
import { FieldCipher, type FieldContext } from '@lib/crypto';
import {
  DataProfile,
  DomainError,
  type RiskAnswer,
  type RiskAssessmentSource,
  type RiskConferenceOutcome,
  type RiskInstrument,
  RiskLevel,
  optionalText,
  scoreRisk,
  validateRiskAnswers,
} from '@lib/domain';
import { enqueueWorkflowStart, IdempotencyService, inTransaction, preparedQuery } from '@lib/persistence';
import { RISK_INSTRUMENT } from './risk-instrument.provider';

export interface AssessRiskCommand {
  caseId: unknown;
  answers: unknown;
  idempotencyKey: unknown;
}

/** An assessment as stored, without its answers (those are read, decrypted and audited on their own). */
export interface RiskAssessmentRecord {
  id: string;
  caseId: string;
  organisationId: string;
  assessorId: string;
  source: RiskAssessmentSource;
  /** Null for a DOST interview assessment (a level only). */
  instrumentVersion: string | null;
  score: number | null;
  level: RiskLevel;
  previousLevel: RiskLevel;
  redFlags: string[];
  assessedAt: Date;
  conference: {
    id: string;
    organisationId: string;
    taskId: string;
    createdAt: Date;
    outcome: RiskConferenceOutcome | null;
    outcomeRecordedAt: Date | null;
  } | null;
}

interface AssessmentRow {
  id: string;
  case_id: string;
  organisation_id: string;
  assessor_id: string;
  source: RiskAssessmentSource;
  instrument_version: string | null;
  score: number | null;
  level: RiskLevel;
  previous_level: RiskLevel;
  red_flags: string[];
  assessed_at: Date;
  conference_id: string | null;
  conference_organisation_id: string | null;
  conference_task_id: string | null;
  conference_created_at: Date | null;
  outcome: RiskConferenceOutcome | null;
  outcome_recorded_at: Date | null;
}

const SELECT_ASSESSMENTS = `
  SELECT a.id, a.case_id, a.organisation_id, a.assessor_id, a.source, a.instrument_version, a.score, a.level, a.previous_level,
         a.red_flags, a.assessed_at, rc.id AS conference_id, rc.organisation_id AS conference_organisation_id,
         rc.task_id AS conference_task_id, rc.created_at AS conference_created_at, rc.outcome, rc.outcome_recorded_at
    FROM risk_assessments a LEFT JOIN risk_conferences rc ON rc.assessment_id = a.id`;

function toRecord(r: AssessmentRow): RiskAssessmentRecord {
  return {
    id: r.id,
    caseId: r.case_id,
    organisationId: r.organisation_id,
    assessorId: r.assessor_id,
    source: r.source,
    instrumentVersion: r.instrument_version,
    score: r.score,
    level: r.level,
    previousLevel: r.previous_level,
    redFlags: r.red_flags,
    assessedAt: new Date(r.assessed_at),
    conference:
      r.conference_id === null
        ? null
        : {
            id: r.conference_id,
            organisationId: r.conference_organisation_id as string,
            taskId: r.conference_task_id as string,
            createdAt: new Date(r.conference_created_at as Date),
            outcome: r.outcome,
            outcomeRecordedAt: r.outcome_recorded_at === null ? null : new Date(r.outcome_recorded_at),
          },
  };
}

/** Where an assessment's answers live: bound into the ciphertext so it cannot be moved to another row. */
export function riskAnswersField(assessmentId: string): FieldContext {
  return { table: 'risk_assessments', column: 'answers_enc', rowId: assessmentId };
}

/**
 * The answers are the most sensitive incident details (INCIDENT_NARRATIVE, the strictest category of the case): they
 * stay with the owning organisation's case workers, who read the narrative with the FULL profile. No referral carries
 * them, whatever its profile or consent (the police, the SSA, shelters and monitoring groups see the level only).
 */
export function mayReadRiskAnswers(access: CaseAccess): boolean {
  return access.kind === 'OWNER' && access.profile === DataProfile.FULL && access.allowedFields.includes('narrative');
}

/**
 * Risk assessments of a case, scored with the instrument loaded at start. Assessing writes the assessment (answers
 * encrypted), the case's new risk level, a timeline entry and an audit row in ONE transaction, at most once per
 * (actor, idempotencyKey). The caller then tells the case workflow when the level changed.
 */
@Injectable()
export class RiskAssessmentService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
    @Inject(TimelineWriter) private readonly timeline: TimelineWriter,
    @Inject(RISK_INSTRUMENT) readonly instrument: RiskInstrument,
  ) {}

  async assess(
    actor: CaseActor,
    input: AssessRiskCommand,
    meta: { requestId: string | null },
    now = new Date(),
  ): Promise<{ assessment: RiskAssessmentRecord; replayed: boolean }> {
    const key = optionalText(input.idempotencyKey, ['input', 'idempotencyKey'], { maxLength: 200 });
    if (key === null) {
      throw DomainError.badInput('Invalid risk assessment', [{ path: ['input', 'idempotencyKey'], message: 'must not be empty' }]);
    }
    const caseId = typeof input.caseId === 'string' ? input.caseId.toLowerCase() : '';
    const answers = validateRiskAnswers(this.instrument, input.answers, ['input', 'answers']);
    // The answers are personal data: they enter the request hash only as a keyed HMAC, never as a plain hash.
    const requestHash = IdempotencyService.hashRequest({
      caseId,
      instrumentVersion: this.instrument.version,
      answers: this.cipher.blindIndex('name', `riskAnswers:${JSON.stringify(answers)}`),
    });
    const id = randomUUID();
    const result = await this.idempotency.runOnce(
      actor.staffId,
      key,
      'assessRisk',
      requestHash,
      async (manager) => {
        await this.access.requireOwnerAction(actor, caseId, Action.AssessRisk, manager);
        const locked = await preparedQuery<{ risk_level: RiskLevel }>(
          manager,
          `SELECT risk_level FROM cases WHERE id = $1 FOR UPDATE`,
          [caseId],
        );
        const previous = locked[0]?.risk_level;
        if (!previous) throw DomainError.notFound('Case');
        const scored = scoreRisk(this.instrument, answers);
        await preparedQuery(
          manager,
          `INSERT INTO risk_assessments (id, case_id, organisation_id, assessor_id, instrument_version, answers_enc, score,
                                         level, previous_level, red_flags, assessed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [
            id,
            caseId,
            actor.organisationId,
            actor.staffId,
            scored.instrumentVersion,
            this.cipher.encrypt(JSON.stringify(answers), riskAnswersField(id)),
            scored.score,
            scored.level,
            previous,
            scored.redFlags,
            now,
          ],
        );
        const changed = scored.level !== previous;
        if (changed) {
          await preparedQuery(manager, `UPDATE cases SET risk_level = $2, version = version + 1 WHERE id = $1`, [caseId, scored.level]);
          // The case workflow re-plans its follow-ups (and asks for a risk conference on a rise to HIGH): outbox.
          await enqueueWorkflowStart(manager, { kind: 'RISK_LEVEL_CHANGED', subjectId: id, caseId, actorId: null });
        }
        await this.timeline.append(manager, {
          caseId,
          organisationId: actor.organisationId,
          actorId: actor.staffId,
          kind: TimelineKind.RISK_ASSESSED,
          occurredAt: now,
          details: {
            assessmentId: id,
            level: scored.level,
            previousLevel: previous,
            score: scored.score,
            instrumentVersion: scored.instrumentVersion,
          },
        });
        await this.audit.record(manager, {
          actorId: actor.staffId,
          organisationId: actor.organisationId,
          action: 'RISK_ASSESSED',
          subjectType: 'risk_assessment',
          subjectId: id,
          caseId,
          fields: changed ? ['riskAnswers', 'riskLevel'] : ['riskAnswers'],
          requestId: meta.requestId,
          occurredAt: now,
        });
        return id;
      },
      id,
    );
    const assessment = await this.byId(result.id);
    if (!assessment) throw DomainError.notFound('Risk assessment');
    return { assessment, replayed: result.replayed };
  }

  /** One assessment (no access check: for callers that just wrote or authorized it). */
  async byId(id: string): Promise<RiskAssessmentRecord | null> {
    const rows = await preparedQuery<AssessmentRow>(this.dataSource.manager, `${SELECT_ASSESSMENTS} WHERE a.id = $1`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** One conference (no access check: for the caller that just recorded its outcome). */
  async conference(id: string): Promise<NonNullable<RiskAssessmentRecord['conference']> | null> {
    const rows = await preparedQuery<AssessmentRow>(this.dataSource.manager, `${SELECT_ASSESSMENTS} WHERE rc.id = $1`, [id]);
    return rows[0] ? toRecord(rows[0]).conference : null;
  }

  /**
   * A case's assessments, oldest first, for a viewer who sees the case as its owner or as a recipient. A monitoring
   * group (de-identified view) is refused: it sees counts in its statistics only. Not visible: NOT_FOUND.
   */
  async history(actor: CaseActor, caseId: string): Promise<{ access: CaseAccess; assessments: RiskAssessmentRecord[] }> {
    const access = await this.access.resolve(actor, caseId);
    if (!access) throw DomainError.notFound('Case');
    if (access.kind !== 'OWNER' && access.kind !== 'RECIPIENT') {
      throw DomainError.forbidden('Risk assessments are shown to the owning organisation and its recipients only');
    }
    const rows = await preparedQuery<AssessmentRow>(
      this.dataSource.manager,
      `${SELECT_ASSESSMENTS} WHERE a.case_id = $1 ORDER BY a.assessed_at, a.id`,
      [access.case.id],
    );
    return { access, assessments: rows.map(toRecord) };
  }

  /**
   * Decrypts one assessment's answers for a viewer allowed them (mayReadRiskAnswers), auditing the read (field names,
   * purpose, request id) in the same transaction. FORBIDDEN otherwise.
   */
  async readAnswers(
    actor: CaseActor,
    access: CaseAccess,
    assessmentId: string,
    meta: { requestId: string | null },
  ): Promise<RiskAnswer[]> {
    if (!mayReadRiskAnswers(access)) throw DomainError.forbidden('Access to the risk answers is not allowed');
    return inTransaction(this.dataSource, async (manager) => {
      const rows = await preparedQuery<{ answers_enc: Buffer | null }>(
        manager,
        `SELECT answers_enc FROM risk_assessments WHERE id = $1 AND case_id = $2`,
        [assessmentId, access.case.id],
      );
      const row = rows[0];
      if (!row) throw DomainError.notFound('Risk assessment');
      if (row.answers_enc === null) return []; // a DOST interview assessment: a level, no answers to read
      const answers = JSON.parse(this.cipher.decrypt(row.answers_enc, riskAnswersField(assessmentId))) as RiskAnswer[];
      await this.audit.record(manager, {
        actorId: actor.staffId,
        organisationId: actor.organisationId,
        action: 'READ_PERSONAL_DATA',
        subjectType: 'risk_assessment',
        subjectId: assessmentId,
        caseId: access.case.id,
        fields: ['riskAnswers'],
        purpose: access.purpose,
        requestId: meta.requestId,
      });
      return answers;
    });
  }
}
