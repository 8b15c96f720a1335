import { type DataCategory, DomainError, DomainErrorCode } from '@lib/domain';

/** CONSENT_REQUIRED that names the categories no in-force consent covers (category names only, no data). */
export class ConsentRequiredError extends DomainError {
  readonly details: { missingCategories: DataCategory[] };

  constructor(missing: DataCategory[], purpose: string) {
    const message = `Consent required: no consent in force covers ${missing.join(', ')} for this recipient and purpose ${purpose}`;
    super(DomainErrorCode.CONSENT_REQUIRED, message, [{ path: ['input', 'dataCategories'], message }]);
    this.details = { missingCategories: missing };
  }
}
