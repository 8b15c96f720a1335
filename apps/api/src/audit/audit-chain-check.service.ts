import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditVerifier } from '@lib/audit';
import { Action, defineAbilityFor } from '@lib/authz';
import { DomainError, OrganisationType } from '@lib/domain';
import { type Actor } from '../auth/actor';
import { type AuditChainReportModel } from './audit-chain-report.model';

/** Adapter: authorizes (auditors; the coordinator's auditors verify every chain, others their own) and runs the verifier. */
@Injectable()
export class AuditChainCheck {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditVerifier) private readonly verifier: AuditVerifier,
  ) {}

  async verify(actor: Actor): Promise<AuditChainReportModel> {
    const ability = defineAbilityFor(actor);
    const own = { kind: 'AuditLog' as const, organisationId: actor.organisationId };
    if (!ability.can(Action.VerifyAudit, own)) throw DomainError.forbidden('Only auditors verify the audit chain');
    const everyChain = actor.organisationType === OrganisationType.COORDINATOR;
    const result = await this.verifier.verify(this.dataSource, everyChain ? undefined : actor.organisationId);
    const breaks = result.broken.map((b) => ({ chainId: b.chainId, seq: b.seq, eventId: b.eventId, reason: b.reason }));
    return {
      intact: result.ok,
      chainsChecked: result.chains,
      eventsChecked: result.checked,
      firstBreak: breaks[0] ?? null,
      breaks,
      checkpointStatus: result.checkpoint.status,
      checkpointTakenAt: result.checkpoint.takenAt ? new Date(result.checkpoint.takenAt) : null,
    };
  }
}
