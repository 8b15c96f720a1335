/**
 * Domain error codes. The API maps each to exactly one GraphQL error code (apps/api error mapping);
 * messages never contain personal data, only ids and field names.
 */
export enum DomainErrorCode {
  BAD_INPUT = 'BAD_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  FORBIDDEN = 'FORBIDDEN',
  CONFLICT = 'CONFLICT',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  CONSENT_REQUIRED = 'CONSENT_REQUIRED',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
}

export interface FieldIssue {
  /** Path of the offending input field, e.g. ['input', 'reason']. */
  path: string[];
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly fields: FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static badInput(message: string, fields: FieldIssue[] = []): DomainError {
    return new DomainError(DomainErrorCode.BAD_INPUT, message, fields);
  }
  /**
   * "Not found or no access": never reveals whether the record exists, and never repeats the id as sent (it may be
   * 10,000 characters, SQL text or a bidi override): the entity name only.
   */
  static notFound(entity: string): DomainError {
    return new DomainError(DomainErrorCode.NOT_FOUND, `${entity} not found`);
  }
  static forbidden(message = 'Not allowed'): DomainError {
    return new DomainError(DomainErrorCode.FORBIDDEN, message);
  }
  static conflict(message: string): DomainError {
    return new DomainError(DomainErrorCode.CONFLICT, message);
  }
}
