import { Inject, Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { AuditWriter } from '@lib/audit';
import { Action } from '@lib/authz';
import { type CaseActor, CaseAccessService, TimelineKind, TimelineWriter } from '@lib/cases';
import {
  ConsentMethod,
  DomainError,
  type RecordConsentInput,
  optionalText,
  requireEnum,
  validateConsentInput,
} from '@lib/domain';
import { IdempotencyService } from '@lib/persistence';
import { ConsentEntity } from './consent.entity';

export interface RecordConsentCommand extends RecordConsentInput {
  caseId: unknown;
  method: unknown;
  idempotencyKey: unknown;
}

/** Records a consent on a case the actor's organisation owns (owner case roles only, see CaseAccessService) (timeline + audit, same transaction, at most once). */
@Injectable()
export class ConsentRecordingService {
  constructor(
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
    @Inject(TimelineWriter) private readonly timeline: TimelineWriter,
  ) {}

  async record(actor: CaseActor, input: RecordConsentCommand, meta: { requestId: string | null }, now = new Date()): Promise<{ consentId: string; replayed: boolean }> {
    const valid = validateConsentInput(input, now);
    const method = requireEnum(ConsentMethod, input.method, ['input', 'method']);
    const key = optionalText(input.idempotencyKey, ['input', 'idempotencyKey'], { maxLength: 200 });
    if (key === null) throw DomainError.badInput('Invalid consent', [{ path: ['input', 'idempotencyKey'], message: 'must not be empty' }]);
    const caseId = typeof input.caseId === 'string' ? input.caseId : '';
    // Hash what the client sent (grantedAt defaults to "now", which differs on every retry).
    const hash = IdempotencyService.hashRequest({ caseId, method, ...valid, grantedAt: input.grantedAt ?? null });
    const result = await this.idempotency.runOnce(actor.staffId, key, 'recordConsent', hash, async (manager) => {
      await this.requireOwnedOpenCase(manager, actor, caseId);
      const saved = await manager.save(
        manager.create(ConsentEntity, { caseId, ...valid, method, recordedBy: actor.staffId }),
      );
      await this.timeline.append(manager, {
        caseId,
        organisationId: actor.organisationId,
        actorId: actor.staffId,
        kind: TimelineKind.CONSENT_RECORDED,
        occurredAt: now,
        details: {
          consentId: saved.id,
          dataCategories: [...valid.dataCategories],
          purposes: [...valid.purposes],
          recipientOrganisationId: valid.recipientOrganisationId,
          recipientOrganisationType: valid.recipientOrganisationType,
        },
      });
      await this.audit.record(manager, {
        actorId: actor.staffId,
        organisationId: actor.organisationId,
        action: 'CONSENT_RECORDED',
        subjectType: 'consent',
        subjectId: saved.id,
        caseId,
        fields: [...valid.dataCategories],
        purpose: valid.purposes.join(','),
        requestId: meta.requestId,
      });
      return saved.id;
    });
    return { consentId: result.id, replayed: result.replayed };
  }

  private async requireOwnedOpenCase(manager: EntityManager, actor: CaseActor, caseId: string): Promise<void> {
    await this.access.requireOwnerAction(actor, caseId, Action.RecordConsent, manager);
  }
}
