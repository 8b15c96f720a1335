import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditWriter } from '@lib/audit';
import { Action, rolesFitTask } from '@lib/authz';
import { type CaseActor, CaseAccessService } from '@lib/cases';
import { loadConsentRecords } from '@lib/consents';
import { type FieldContext, FieldCipher } from '@lib/crypto';
import {
  type AddSafetyPlanItemCommand,
  DomainError,
  type OrganisationType,
  SAFETY_PLAN_ACTION_PURPOSE,
  SAFETY_PLAN_DISCLOSED_CATEGORIES,
  type SafetyPlanAction,
  SafetyPlanItemStatus,
  TaskStatus,
  TaskType,
  type UpdateSafetyPlanItemCommand,
  assertConsentCovers,
  badField,
  isUuid,
  safetyPlanTaskKey,
  safetyPlanTaskKeyPattern,
  validateAddSafetyPlanItem,
  validateUpdateSafetyPlanItem,
} from '@lib/domain';
import { enqueueWorkflowStart, IdempotencyService, preparedQuery } from '@lib/persistence';
import { TaskWriter } from '@lib/tasks';

/** One item of a case's safety plan. `note` is null when absent OR when the reader may not see it. */
export interface SafetyPlanItemRecord {
  id: string;
  caseId: string;
  organisationId: string;
  responsibleOrganisationId: string;
  action: SafetyPlanAction;
  note: string | null;
  status: SafetyPlanItemStatus;
  dueAt: Date;
  reviewAt: Date;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

interface ItemRow {
  id: string;
  case_id: string;
  organisation_id: string;
  responsible_organisation_id: string;
  action: SafetyPlanAction;
  note_enc: Buffer | null;
  status: SafetyPlanItemStatus;
  due_at: Date;
  review_at: Date;
  created_at: Date;
  updated_at: Date;
  version: number;
}

const ITEM_COLUMNS = `id, case_id, organisation_id, responsible_organisation_id, action, note_enc, status, due_at, review_at,
  created_at, updated_at, version`;

const noteContext = (itemId: string): FieldContext => ({ table: 'safety_plan_items', column: 'note_enc', rowId: itemId });

/**
 * Safety plans (issue 16): structured items on a case (a coded action, optional free text, a responsible organisation,
 * due and review dates, a status). Only the owning organisation writes them and reads their free text, which is stored
 * encrypted like case notes. Every OPEN item is a SAFETY_PLAN_ACTION task in the responsible organisation's inbox, due
 * at the item's due date; for another organisation that task exists only if an in-force consent covers that
 * organisation for the action's purpose (else CONSENT_REQUIRED naming input.responsibleOrganisationId, nothing
 * written). The task carries ids, the type and the due date only. Each write: item, task and audit row in ONE
 * transaction, at most once per (actor, idempotencyKey); updates are optimistic (expectedVersion).
 */
@Injectable()
export class SafetyPlanService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
    @Inject(TaskWriter) private readonly tasks: TaskWriter,
  ) {}

  async add(actor: CaseActor, input: AddSafetyPlanItemCommand, meta: { requestId: string | null }, now = new Date()): Promise<SafetyPlanItemRecord> {
    const v = validateAddSafetyPlanItem(input, now);
    const id = randomUUID();
    // The text is hashed, never stored, in the idempotency record: a retry with the same key must carry the same item.
    const hash = IdempotencyService.hashRequest({
      caseId: v.caseId,
      action: v.action,
      note: v.note,
      responsibleOrganisationId: v.responsibleOrganisationId,
      dueAt: v.dueAt.toISOString(),
      reviewAt: v.reviewAt.toISOString(),
    });
    const result = await this.idempotency.runOnce(
      actor.staffId,
      v.key,
      'addSafetyPlanItem',
      hash,
      async (m) => {
        await this.access.requireOwnerAction(actor, v.caseId, Action.ManageSafetyPlan, m);
        await this.requireTaskAllowed(m, actor, v.caseId, v.responsibleOrganisationId, v.action, now);
        await preparedQuery(
          m,
          `INSERT INTO safety_plan_items (id, case_id, organisation_id, responsible_organisation_id, action, note_enc, status,
                                          due_at, review_at, created_by, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'OPEN', $7, $8, $9, $10, $10)`,
          [id, v.caseId, actor.organisationId, v.responsibleOrganisationId, v.action, this.cipher.encryptNullable(v.note, noteContext(id)), v.dueAt, v.reviewAt, actor.staffId, now],
        );
        await this.tasks.create(m, {
          organisationId: v.responsibleOrganisationId,
          type: TaskType.SAFETY_PLAN_ACTION,
          caseId: v.caseId,
          dueAt: v.dueAt,
          dedupeKey: safetyPlanTaskKey(id, 1),
        });
        await this.record(m, actor, meta, now, 'SAFETY_PLAN_ITEM_ADDED', v.caseId, id, [
          'action',
          ...(v.note === null ? [] : ['note']),
          'responsibleOrganisationId',
          'dueAt',
          'reviewAt',
        ]);
        return id;
      },
      id,
    );
    return this.mustGet(result.id);
  }

  async update(actor: CaseActor, input: UpdateSafetyPlanItemCommand, meta: { requestId: string | null }, now = new Date()): Promise<SafetyPlanItemRecord> {
    const v = validateUpdateSafetyPlanItem(input, now);
    const hash = IdempotencyService.hashRequest({
      itemId: v.itemId,
      expectedVersion: v.expectedVersion,
      status: v.status ?? null,
      note: v.note === undefined ? { unchanged: true } : v.note,
      responsibleOrganisationId: v.responsibleOrganisationId ?? null,
      dueAt: v.dueAt?.toISOString() ?? null,
      reviewAt: v.reviewAt?.toISOString() ?? null,
    });
    await this.idempotency.runOnce(actor.staffId, v.key, 'updateSafetyPlanItem', hash, async (m) => {
      const item = await this.lockForOwner(m, actor, v.itemId);
      if (item.version !== v.expectedVersion) throw DomainError.conflict('Safety plan item was changed by someone else');
      if (item.status !== SafetyPlanItemStatus.OPEN) throw DomainError.conflict(`Safety plan item is already ${item.status}`);
      const status = v.status ?? item.status;
      const responsible = v.responsibleOrganisationId ?? item.responsible_organisation_id;
      const dueAt = v.dueAt ?? new Date(item.due_at);
      const reviewAt = v.reviewAt ?? new Date(item.review_at);
      const retasked =
        status === SafetyPlanItemStatus.OPEN &&
        (responsible !== item.responsible_organisation_id || dueAt.getTime() !== new Date(item.due_at).getTime());
      // A new task (another organisation, or a new due date) needs the consent again, checked now.
      if (retasked) await this.requireTaskAllowed(m, actor, item.case_id, responsible, item.action, now);
      const noteEnc = v.note === undefined ? item.note_enc : this.cipher.encryptNullable(v.note, noteContext(item.id));
      const version = item.version + 1;
      await preparedQuery(
        m,
        `UPDATE safety_plan_items SET status = $2, responsible_organisation_id = $3, due_at = $4, review_at = $5, note_enc = $6,
                updated_at = $7, version = $8
          WHERE id = $1`,
        [item.id, status, responsible, dueAt, reviewAt, noteEnc, now, version],
      );
      if (status !== SafetyPlanItemStatus.OPEN || retasked) {
        // The item's open task is done with: DONE with the item, CANCELLED when cancelled or replaced by a new task.
        const taskStatus = status === SafetyPlanItemStatus.DONE ? TaskStatus.DONE : TaskStatus.CANCELLED;
        await preparedQuery(
          m,
          `UPDATE tasks SET status = $1, completed_at = $2, completed_by = $3
            WHERE type = $4 AND status = 'OPEN' AND case_id = $5 AND dedupe_key LIKE $6`,
          [taskStatus, now, actor.staffId, TaskType.SAFETY_PLAN_ACTION, item.case_id, safetyPlanTaskKeyPattern(item.id)],
        );
      }
      if (retasked) {
        await this.tasks.create(m, {
          organisationId: responsible,
          type: TaskType.SAFETY_PLAN_ACTION,
          caseId: item.case_id,
          dueAt,
          dedupeKey: safetyPlanTaskKey(item.id, version),
        });
      }
      const fields = [
        ...(v.status === undefined ? [] : ['status']),
        ...(v.note === undefined ? [] : ['note']),
        ...(v.responsibleOrganisationId === undefined ? [] : ['responsibleOrganisationId']),
        ...(v.dueAt === undefined ? [] : ['dueAt']),
        ...(v.reviewAt === undefined ? [] : ['reviewAt']),
      ];
      await this.record(m, actor, meta, now, 'SAFETY_PLAN_ITEM_UPDATED', item.case_id, item.id, fields);
      return item.id;
    });
    return this.mustGet(v.itemId);
  }

  /**
   * A case's safety plan, oldest item first. The owning organisation's case workers see every item with its text; an
   * organisation responsible for items (its staff whose roles fit the task) sees only those items, never the text;
   * anyone else: NOT_FOUND. The filter is in the SQL.
   */
  async forCase(actor: CaseActor, caseId: string): Promise<{ owner: boolean; items: SafetyPlanItemRecord[] }> {
    if (!isUuid(caseId)) throw DomainError.notFound('Case');
    const access = await this.access.resolve(actor, caseId);
    const owner = access !== null && access.kind === 'OWNER' && access.ability.can(Action.Read, access.subject);
    if (!owner && !rolesFitTask(actor.roles, TaskType.SAFETY_PLAN_ACTION)) throw DomainError.notFound('Case');
    const rows = await preparedQuery<ItemRow>(
      this.dataSource.manager,
      `SELECT ${ITEM_COLUMNS} FROM safety_plan_items
        WHERE case_id = $1 AND ($2::boolean OR responsible_organisation_id = $3)
        ORDER BY created_at, id`,
      [caseId.toLowerCase(), owner, actor.organisationId],
    );
    if (!owner && rows.length === 0) throw DomainError.notFound('Case');
    return { owner, items: rows.map((r) => this.present(r, owner)) };
  }

  /** Another organisation gets the task only under an in-force consent for the action's purpose. */
  private async requireTaskAllowed(
    m: EntityManager,
    actor: CaseActor,
    caseId: string,
    organisationId: string,
    action: SafetyPlanAction,
    now: Date,
  ): Promise<void> {
    const path = ['input', 'responsibleOrganisationId'];
    if (organisationId === actor.organisationId) return;
    const [org] = await preparedQuery<{ type: OrganisationType; active: boolean }>(m, `SELECT type, active FROM organisations WHERE id = $1`, [organisationId]);
    if (!org || !org.active) badField(path, 'must be an active organisation');
    const consents = await loadConsentRecords(m, caseId);
    assertConsentCovers(
      consents,
      {
        recipient: { organisationId, organisationType: org.type },
        categories: SAFETY_PLAN_DISCLOSED_CATEGORIES,
        purpose: SAFETY_PLAN_ACTION_PURPOSE[action],
      },
      now,
      path,
    );
  }

  /** The item, locked, if the actor's organisation owns its case and may manage its plan; NOT_FOUND otherwise. */
  private async lockForOwner(m: EntityManager, actor: CaseActor, itemId: string): Promise<ItemRow> {
    const [item] = await preparedQuery<ItemRow>(m, `SELECT ${ITEM_COLUMNS} FROM safety_plan_items WHERE id = $1 FOR UPDATE`, [itemId]);
    if (!item || item.organisation_id !== actor.organisationId) throw DomainError.notFound('Safety plan item');
    await this.access.requireOwnerAction(actor, item.case_id, Action.ManageSafetyPlan, m);
    return item;
  }

  /**
   * Audits an item's change and, in the same transaction, tells the item's review workflow (outbox: it re-reads the
   * item; the API sends the signal after the commit, the dispatcher if that fails).
   */
  private async record(
    m: EntityManager,
    actor: CaseActor,
    meta: { requestId: string | null },
    now: Date,
    action: string,
    caseId: string,
    itemId: string,
    fields: string[],
  ): Promise<void> {
    await enqueueWorkflowStart(m, { kind: 'SAFETY_PLAN_ITEM_CHANGED', subjectId: itemId, caseId, actorId: null });
    await this.audit.record(m, {
      actorId: actor.staffId,
      organisationId: actor.organisationId,
      action,
      subjectType: 'safety_plan_item',
      subjectId: itemId,
      caseId,
      fields,
      requestId: meta.requestId,
      occurredAt: now,
    });
  }

  private async mustGet(itemId: string): Promise<SafetyPlanItemRecord> {
    const [row] = await preparedQuery<ItemRow>(this.dataSource.manager, `SELECT ${ITEM_COLUMNS} FROM safety_plan_items WHERE id = $1`, [itemId]);
    if (!row) throw DomainError.notFound('Safety plan item');
    return this.present(row, true);
  }

  private present(r: ItemRow, withNote: boolean): SafetyPlanItemRecord {
    return {
      id: r.id,
      caseId: r.case_id,
      organisationId: r.organisation_id,
      responsibleOrganisationId: r.responsible_organisation_id,
      action: r.action,
      note: withNote ? this.cipher.decryptNullable(r.note_enc, noteContext(r.id)) : null,
      status: r.status,
      dueAt: new Date(r.due_at),
      reviewAt: new Date(r.review_at),
      createdAt: new Date(r.created_at),
      updatedAt: new Date(r.updated_at),
      version: r.version,
    };
  }
}
