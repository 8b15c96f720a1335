import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Action, type AppAbility, type CaseField, type CaseSubject, allowedCaseFields, allowedPersonFields, defineAbilityFor } from '@lib/authz';
import {
  ACTIVE_REFERRAL_STATUSES,
  CaseStatus,
  type ConsentPurpose,
  type ConsentRecord,
  type DataCategory,
  DataProfile,
  DomainError,
  PERSON_FIELDS,
  type PersonField,
  consentedCategoriesFor,
  isUuid,
} from '@lib/domain';
import { findEntityById, preparedQuery } from '@lib/persistence';
import { type CaseActor } from './case-actor';
import { caseSubject, loadCaseTeam } from './case-subject';
import { CaseEntity } from './case.entity';

export type CaseAccessKind = 'OWNER' | 'RECIPIENT' | 'MONITOR' | 'BREAK_GLASS';

/** What one viewer may see of one case, decided at request time from the database (consents read NOW). */
export interface CaseAccess {
  case: CaseEntity;
  subject: CaseSubject;
  ability: AppAbility;
  kind: CaseAccessKind;
  profile: DataProfile;
  /** Case-level fields this viewer may read. */
  caseFields: CaseField[];
  /** Person fields this viewer may read. */
  allowedFields: PersonField[];
  /** Purpose recorded in the audit row when personal data is read (recipients: their referral's purpose). */
  purpose: ConsentPurpose | null;
  /** Active referrals through which a recipient sees the case. */
  referralIds: string[];
}

interface ReferralRow {
  id: string;
  to_organisation_id: string;
  data_profile: DataProfile;
  data_categories: DataCategory[];
  purpose: ConsentPurpose;
  legal_basis: string | null;
  countersigned_at: Date | null;
}

interface ConsentRow {
  id: string;
  grantor: ConsentRecord['grantor'];
  recipient_organisation_id: string | null;
  recipient_organisation_type: ConsentRecord['recipientOrganisationType'];
  data_categories: DataCategory[];
  purposes: ConsentPurpose[];
  granted_at: Date;
  expires_at: Date | null;
  withdrawn_at: Date | null;
}

/** Default state check for owner actions: nothing changes on a closed case. */
export function rejectClosed(c: CaseEntity): void {
  if (c.status === CaseStatus.CLOSED) throw DomainError.conflict('Case is closed');
}

const PROFILE_RANK: Record<DataProfile, number> = {
  [DataProfile.FULL]: 3,
  [DataProfile.PSEUDONYMOUS]: 2,
  [DataProfile.DE_IDENTIFIED]: 1,
  [DataProfile.ANONYMOUS_INCIDENT]: 0,
};

/**
 * The instance-level check behind every case read and write, on @lib/authz's CASL rules with the facts loaded NOW:
 * the case's ACTIVE referrals (a legal-basis referral counts only once countersigned) and, for a recipient, the
 * categories on its referrals that in-force consents still cover (consent withdrawn = access gone, at once).
 * null = the actor may not see the case at all (callers answer NOT_FOUND, never revealing existence).
 */
@Injectable()
export class CaseAccessService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async resolve(actor: CaseActor, caseId: string, manager: EntityManager = this.dataSource.manager, now = new Date()): Promise<CaseAccess | null> {
    if (!isUuid(caseId)) return null;
    const found = await findEntityById(manager, CaseEntity, caseId);
    if (!found) return null;
    const ability = defineAbilityFor(actor);
    const team = await loadCaseTeam(manager, found.id);
    if (found.owningOrganisationId === actor.organisationId) {
      // Owner fast path: the owner's rules never depend on who else receives the case.
      const subject = caseSubject(found, [], team);
      const allowed = ability.can(Action.Read, subject) ? allowedPersonFields(actor, subject, [], { ability }) : [];
      if (allowed.length === PERSON_FIELDS.length) {
        const caseFields = allowedCaseFields(actor, subject, [], { ability });
        return { case: found, subject, ability, referralIds: [], purpose: null, kind: 'OWNER', profile: DataProfile.FULL, caseFields, allowedFields: allowed };
      }
    }
    const referrals: ReferralRow[] = await manager.query(
      `SELECT id, to_organisation_id, data_profile, data_categories, purpose, legal_basis, countersigned_at
         FROM referrals
        WHERE case_id = $1 AND status = ANY($2)
          -- a legal-basis referral reaches its recipient only once a supervisor has countersigned it
          AND (legal_basis IS NULL OR countersigned_at IS NOT NULL)`,
      [found.id, ACTIVE_REFERRAL_STATUSES],
    );
    const subject = caseSubject(found, [...new Set(referrals.map((r) => r.to_organisation_id))], team);
    if (!ability.can(Action.Read, subject)) return null;
    const base = { case: found, subject, ability, referralIds: [] as string[], purpose: null };
    const mine = referrals.filter((r) => r.to_organisation_id === actor.organisationId);
    if (mine.length === 0) {
      // Readable without a referral or ownership: a monitoring officer of the region, de-identified.
      return { ...base, kind: 'MONITOR', profile: DataProfile.DE_IDENTIFIED, caseFields: allowedCaseFields(actor, subject, [], { ability }), allowedFields: [] };
    }
    const consents = await this.consents(manager, found.id);
    const recipient = { organisationId: actor.organisationId, organisationType: actor.organisationType };
    const fields = new Set<PersonField>();
    const caseFields = new Set<CaseField>();
    let profile = DataProfile.ANONYMOUS_INCIDENT;
    for (const referral of mine) {
      if (PROFILE_RANK[referral.data_profile] > PROFILE_RANK[profile]) profile = referral.data_profile;
      const granted =
        referral.legal_basis !== null
          ? referral.data_categories
          : referral.data_categories.filter((c) => consentedCategoriesFor(consents, recipient, referral.purpose, now).includes(c));
      const options = { ability, dataProfile: referral.data_profile };
      for (const f of allowedPersonFields(actor, subject, granted, options)) fields.add(f);
      for (const f of allowedCaseFields(actor, subject, granted, options)) caseFields.add(f);
    }
    return {
      ...base,
      kind: 'RECIPIENT',
      profile,
      caseFields: [...caseFields],
      allowedFields: PERSON_FIELDS.filter((f) => fields.has(f)),
      purpose: mine[0]!.purpose,
      referralIds: mine.map((r) => r.id),
    };
  }

  /** The case, if the actor's organisation owns it AND the actor may do `action` on it; NOT_FOUND / FORBIDDEN otherwise. */
  async requireOwnerAction(
    actor: CaseActor,
    caseId: string,
    action: Action,
    manager: EntityManager = this.dataSource.manager,
    stateCheck: (c: CaseEntity) => void = rejectClosed,
  ): Promise<CaseAccess> {
    const access = await this.resolve(actor, caseId, manager);
    if (!access || access.kind !== 'OWNER') throw DomainError.notFound('Case');
    stateCheck(access.case); // a state problem is a CONFLICT, reported before the role check
    if (!access.ability.can(action, access.subject)) throw DomainError.forbidden(`Your role cannot ${action} on this case`);
    return access;
  }

  private async consents(manager: EntityManager, caseId: string): Promise<ConsentRecord[]> {
    const rows = await preparedQuery<ConsentRow>(
      manager,
      `SELECT id, grantor, recipient_organisation_id, recipient_organisation_type, data_categories, purposes,
              granted_at, expires_at, withdrawn_at
         FROM consents WHERE case_id = $1`,
      [caseId],
    );
    return rows.map((c) => ({
      id: c.id,
      grantor: c.grantor,
      recipientOrganisationId: c.recipient_organisation_id,
      recipientOrganisationType: c.recipient_organisation_type,
      dataCategories: c.data_categories,
      purposes: c.purposes,
      grantedAt: new Date(c.granted_at),
      expiresAt: c.expires_at === null ? null : new Date(c.expires_at),
      withdrawnAt: c.withdrawn_at === null ? null : new Date(c.withdrawn_at),
    }));
  }
}
