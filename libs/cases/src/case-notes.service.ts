import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditWriter } from '@lib/audit';
import { type FieldContext, FieldCipher } from '@lib/crypto';
import { DomainError, InputIssues, requireFreeText, requireKey, requireText, requireUuid } from '@lib/domain';
import { IdempotencyService } from '@lib/persistence';
import { type CaseActor } from './case-actor';
import { type CaseAccess, CaseAccessService } from './case-access.service';
import { CaseNoteEntity } from './case-note.entity';

/** Longest case note, in characters. */
export const MAX_CASE_NOTE_LENGTH = 4000;

export interface AddCaseNoteCommand {
  caseId: unknown;
  body: unknown;
  idempotencyKey: unknown;
}

export interface CaseNote {
  id: string;
  caseId: string;
  authorId: string;
  createdAt: Date;
  body: string;
}

function bodyContext(noteId: string): FieldContext {
  return { table: 'case_notes', column: 'body_enc', rowId: noteId };
}

/** Validates addCaseNote's input, naming every bad field (never quoting it). */
export function validateCaseNote(input: AddCaseNoteCommand): { caseId: string; body: string; key: string } {
  const issues = new InputIssues();
  const caseId = issues.check(() => requireUuid(input.caseId, ['input', 'caseId']));
  const body = issues.check(() =>
    requireFreeText(requireText(input.body, ['input', 'body'], { maxLength: MAX_CASE_NOTE_LENGTH }), ['input', 'body']),
  );
  const key = issues.check(() =>
    requireKey(requireText(input.idempotencyKey, ['input', 'idempotencyKey']), ['input', 'idempotencyKey']),
  );
  issues.throwIfAny('Invalid case note');
  return { caseId: caseId as string, body: body as string, key: key as string };
}

/**
 * Case notes: free text about a case, written and read only inside one organisation. Anyone of the owning
 * organisation who may read the case, and anyone of a recipient organisation while its referral is active, may add
 * notes and read their OWN organisation's notes; no other party ever sees them (they are not part of any referral,
 * timeline entry or statistic). The audit trail records that a note was added or read, never its text.
 */
@Injectable()
export class CaseNotesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
  ) {}

  async add(actor: CaseActor, input: AddCaseNoteCommand, meta: { requestId: string | null }): Promise<CaseNote> {
    const { caseId, body, key } = validateCaseNote(input);
    const noteId = randomUUID();
    // The text is hashed, not stored, in the idempotency record: a retry with the same key must carry the same note.
    const hash = IdempotencyService.hashRequest({ caseId, body });
    const result = await this.idempotency.runOnce(
      actor.staffId,
      key,
      'addCaseNote',
      hash,
      async (manager) => {
        await this.requireNoteAccess(actor, caseId, manager);
        await manager.insert(CaseNoteEntity, {
          id: noteId,
          caseId,
          organisationId: actor.organisationId,
          authorId: actor.staffId,
          bodyEnc: this.cipher.encrypt(body, bodyContext(noteId)),
        });
        await this.audit.record(manager, {
          actorId: actor.staffId,
          organisationId: actor.organisationId,
          action: 'CASE_NOTE_ADDED',
          subjectType: 'case_note',
          subjectId: noteId,
          caseId,
          requestId: meta.requestId,
        });
        return noteId;
      },
      noteId,
    );
    const saved = await this.dataSource.getRepository(CaseNoteEntity).findOneByOrFail({ id: result.id });
    return this.present(saved);
  }

  /** The notes the actor's organisation wrote on the case, oldest first; NOT_FOUND for anyone else. */
  async list(actor: CaseActor, caseId: string): Promise<CaseNote[]> {
    await this.requireNoteAccess(actor, caseId, this.dataSource.manager);
    const rows = await this.dataSource.getRepository(CaseNoteEntity).find({
      where: { caseId, organisationId: actor.organisationId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map((r) => this.present(r));
  }

  private async requireNoteAccess(actor: CaseActor, caseId: string, manager: EntityManager): Promise<CaseAccess> {
    const access = await this.access.resolve(actor, caseId, manager);
    const owner = access !== null && access.case.owningOrganisationId === actor.organisationId;
    if (!access || !(owner || access.kind === 'RECIPIENT')) throw DomainError.notFound('Case');
    return access;
  }

  private present(row: CaseNoteEntity): CaseNote {
    return {
      id: row.id,
      caseId: row.caseId,
      authorId: row.authorId,
      createdAt: row.createdAt,
      body: this.cipher.decrypt(row.bodyEnc, bodyContext(row.id)),
    };
  }
}
