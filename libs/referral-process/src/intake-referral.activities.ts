import { loadConsentRecords } from '@lib/consents';
import {
  type IntakeReferralInput,
  type IntakeReferralOutcome,
  PoliceNotificationMode,
  dedupeKey,
} from '@lib/contracts';
import {
  allowedCategoriesFor,
  checkConsentCoverage,
  computeReferralDeadlines,
  ConsentPurpose,
  consentedCategoriesFor,
  DataCategory,
  DataProfile,
  DomainError,
  consentMatchesRecipient,
  isConsentInForce,
  OrganisationType,
  ServiceType,
  validateLegalOverrideRequest,
} from '@lib/domain';
import { appendTimeline, organisationOfType, readCase } from './read-model';
import { type ActivityRunner, Rollback } from './activity-runner';

/** The referrals a DOST intake sends (police notification, SSA shelter application), created under consent or a legal basis. */
export class IntakeReferralActivities {
  constructor(private readonly run: ActivityRunner) {}

  async createIntakeReferral(input: IntakeReferralInput): Promise<IntakeReferralOutcome> {
    const key = dedupeKey(input.workflowId, `referral/${input.kind}`);
    const at = new Date(input.at);
    return this.run.once('createIntakeReferral', key, async (m): Promise<IntakeReferralOutcome> => {
      const c = await readCase(m, input.caseId);
      if (!c) throw DomainError.notFound('Case');
      const recipientType = input.kind === 'POLICE' ? OrganisationType.POLICE : OrganisationType.SSA;
      const recipient = await organisationOfType(m, recipientType, c.region);
      if (!recipient) throw new Rollback<IntakeReferralOutcome>({ kind: 'NO_RECIPIENT' });
      const consents = await loadConsentRecords(m, c.id);
      const rec = { organisationId: recipient, organisationType: recipientType };

      let serviceType: ServiceType;
      let purpose: ConsentPurpose;
      let profile: DataProfile;
      let categories: DataCategory[] = [];
      let consentId: string | null = null;
      let legal: { basis: string; justification: string; by: string; at: Date } | null = null;
      if (input.kind === 'SSA') {
        serviceType = ServiceType.SHELTER_PLACEMENT;
        purpose = ConsentPurpose.SHELTER_PLACEMENT;
        profile = DataProfile.PSEUDONYMOUS;
        const consented = consentedCategoriesFor(consents, rec, purpose, at);
        // Anonymity protected: the SSA gets the case code and needs only, and only with a consent to apply.
        const inForce = consents.find(
          (k) => isConsentInForce(k, at) && consentMatchesRecipient(k, rec) && k.purposes.includes(purpose),
        );
        if (!inForce)
          throw new Rollback<IntakeReferralOutcome>({ kind: 'NO_CONSENT', missing: [DataCategory.HEALTH] });
        categories = allowedCategoriesFor(recipientType, profile, consented);
        consentId = inForce.id ?? null;
      } else if (input.mode === PoliceNotificationMode.FULL) {
        serviceType = ServiceType.INCIDENT_NOTIFICATION;
        purpose = ConsentPurpose.LAW_ENFORCEMENT;
        profile = DataProfile.FULL;
        const consented = consentedCategoriesFor(consents, rec, purpose, at);
        if (consented.length === 0) {
          throw new Rollback<IntakeReferralOutcome>({
            kind: 'NO_CONSENT',
            missing: [DataCategory.INCIDENT_NARRATIVE],
          });
        }
        categories = allowedCategoriesFor(recipientType, profile, consented);
        consentId =
          checkConsentCoverage(consents, { recipient: rec, categories, purpose }, at)
            .supportingConsentIds[0] ?? null;
      } else if (input.mode === PoliceNotificationMode.ANONYMOUS) {
        serviceType = ServiceType.ANONYMOUS_INCIDENT_NOTICE;
        purpose = ConsentPurpose.LAW_ENFORCEMENT;
        profile = DataProfile.ANONYMOUS_INCIDENT;
      } else {
        if (!input.countersignedBy || !input.countersignedAt) {
          throw DomainError.forbidden('A legal override needs a supervisor countersignature');
        }
        const v = validateLegalOverrideRequest(
          {
            basis: input.legalBasis,
            justification: input.justification,
            dataCategories: input.dataCategories,
          },
          { recipientOrganisationType: recipientType, caseIsChild: c.is_child },
        );
        serviceType = ServiceType.INCIDENT_NOTIFICATION;
        purpose = ConsentPurpose.LAW_ENFORCEMENT;
        profile = v.dataProfile;
        categories = v.dataCategories;
        legal = {
          basis: v.basis,
          justification: v.justification,
          by: input.countersignedBy,
          at: new Date(input.countersignedAt),
        };
      }
      const d = computeReferralDeadlines(this.run.policyNow(), serviceType, c.risk_level, at);
      const rows: { id: string }[] = await m.query(
        `INSERT INTO referrals (case_id, from_organisation_id, to_organisation_id, service_type, data_profile, data_categories,
                                purpose, status, consent_id, legal_basis, legal_justification, countersigned_by,
                                countersigned_at, response_due_at, service_due_at, escalate_to, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING', $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
        [
          c.id,
          input.organisationId,
          recipient,
          serviceType,
          profile,
          categories,
          purpose,
          consentId,
          legal?.basis ?? null,
          legal?.justification ?? null,
          legal?.by ?? null,
          legal?.at ?? null,
          d.responseDueAt,
          d.serviceDueAt,
          d.escalateTo,
          input.actorId,
          at,
        ],
      );
      const referralId = (rows[0] as { id: string }).id;
      await appendTimeline(m, {
        caseId: c.id,
        organisationId: input.organisationId,
        actorId: input.actorId,
        kind: 'REFERRAL_CREATED',
        referralId,
        details: {
          recipientOrganisationId: recipient,
          serviceType,
          dataProfile: profile,
          legalBasis: legal?.basis ?? null,
          countersignedBy: legal?.by ?? null,
        },
        occurredAt: at,
        dedupeKey: `${key}/timeline`,
      });
      await this.run.audit.record(m, {
        actorId: input.actorId,
        organisationId: input.organisationId,
        action: 'REFERRAL_CREATED',
        subjectType: 'referral',
        subjectId: referralId,
        caseId: c.id,
        fields: ['status'],
        purpose,
        justification: legal ? `${legal.basis}` : null,
        occurredAt: at,
      });
      return { kind: 'CREATED', referralId };
    });
  }
}
