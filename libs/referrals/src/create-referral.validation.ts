import {
  ConsentPurpose,
  DataCategory,
  InputIssues,
  ServiceType,
  optionalText,
  requireEnum,
  requireEnumArray,
  requireUuid,
} from '@lib/domain';

export interface CreateReferralCommand {
  caseId: unknown;
  toOrganisationId: unknown;
  serviceType: unknown;
  purpose: unknown;
  dataCategories: unknown;
  legalOverride?: { basis: unknown; justification: unknown } | null;
  /** The sender states this is a re-referral: another active referral for the same need is then allowed. */
  reReferral?: unknown;
  idempotencyKey: unknown;
}

export interface ValidCreateReferral {
  caseId: string;
  toOrganisationId: string;
  serviceType: ServiceType;
  purpose: ConsentPurpose;
  dataCategories: DataCategory[];
  legalOverride: { basis: unknown; justification: unknown } | null;
  reReferral: boolean;
  idempotencyKey: string;
}

/** Shape checks (the legal override itself is validated by the domain, against the recipient and the case). */
export function validateCreateReferral(input: CreateReferralCommand): ValidCreateReferral {
  const p = (f: string): string[] => ['input', f];
  const issues = new InputIssues();
  const caseId = issues.check(() => requireUuid(input.caseId, p('caseId')));
  const toOrganisationId = issues.check(() => requireUuid(input.toOrganisationId, p('toOrganisationId')));
  const serviceType = issues.check(() => requireEnum(ServiceType, input.serviceType, p('serviceType')));
  const purpose = issues.check(() => requireEnum(ConsentPurpose, input.purpose, p('purpose')));
  const dataCategories = issues.check(() => requireEnumArray(DataCategory, input.dataCategories, p('dataCategories'), { allowEmpty: true }));
  const key = issues.check(() => optionalText(input.idempotencyKey, p('idempotencyKey'), { maxLength: 200 }));
  if (key === null) issues.add(p('idempotencyKey'), 'must not be empty');
  const reReferral = input.reReferral ?? false;
  if (typeof reReferral !== 'boolean') issues.add(p('reReferral'), 'must be true or false');
  issues.throwIfAny('Invalid referral');
  return {
    caseId: caseId as string,
    toOrganisationId: toOrganisationId as string,
    serviceType: serviceType as ServiceType,
    purpose: purpose as ConsentPurpose,
    dataCategories: dataCategories as DataCategory[],
    legalOverride: input.legalOverride ?? null,
    reReferral: reReferral === true,
    idempotencyKey: key as string,
  };
}
