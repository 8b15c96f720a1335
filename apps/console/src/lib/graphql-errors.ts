import { type CombinedError } from '@urql/core';

/** A field the API refused, with the path it named (e.g. `input.reason`) and its own (English) message. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** What went wrong with a request, in the terms a screen needs. Never carries submitted values. */
export type Failure =
  | { kind: 'badInput'; fields: FieldProblem[] }
  | { kind: 'forbidden'; missingCategories: string[]; consentRequired: boolean; fields: FieldProblem[] }
  | { kind: 'notFound' }
  | { kind: 'conflict'; stale: boolean }
  | { kind: 'unauthenticated' }
  | { kind: 'network' }
  | { kind: 'server' };

interface ErrorLike {
  extensions?: Record<string, unknown> | null;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function fieldProblems(value: unknown): FieldProblem[] {
  if (!Array.isArray(value)) return [];
  const out: FieldProblem[] = [];
  for (const item of value as unknown[]) {
    if (item && typeof item === 'object') {
      const { path, message } = item as { path?: unknown; message?: unknown };
      if (typeof path === 'string') out.push({ path, message: typeof message === 'string' ? message : '' });
    }
  }
  return out;
}

/** Maps the first GraphQL error's `extensions.code` (or the transport failure) to a Failure. */
export function toFailure(error: CombinedError): Failure {
  if (error.networkError) {
    const status = (error.response as { status?: number } | undefined)?.status;
    if (status === 401) return { kind: 'unauthenticated' };
    return { kind: 'network' };
  }
  const first = error.graphQLErrors[0] as ErrorLike | undefined;
  const ext = first?.extensions ?? {};
  switch (ext.code) {
    case 'BAD_USER_INPUT':
      return { kind: 'badInput', fields: fieldProblems(ext.fields) };
    case 'FORBIDDEN':
      return {
        kind: 'forbidden',
        missingCategories: strings(ext.missingCategories),
        consentRequired: ext.reason === 'CONSENT_REQUIRED',
        fields: fieldProblems(ext.fields),
      };
    case 'NOT_FOUND':
      return { kind: 'notFound' };
    case 'CONFLICT':
      return { kind: 'conflict', stale: ext.reason === 'CONFLICT' };
    case 'UNAUTHENTICATED':
      return { kind: 'unauthenticated' };
    default:
      return { kind: 'server' };
  }
}

/** The problems of one field, matched on its full path (`input.reason`) or its last segment. */
export function problemsFor(failure: Failure | null, path: string): FieldProblem[] {
  if (!failure || failure.kind !== 'badInput') return [];
  return failure.fields.filter((f) => f.path === path);
}

/** The field a CONSENT_REQUIRED refusal names (e.g. `input.responsibleOrganisationId`): shown beside that field. */
export function consentProblemsFor(failure: Failure | null, path: string): FieldProblem[] {
  if (!failure || failure.kind !== 'forbidden' || !failure.consentRequired) return [];
  return failure.fields.filter((f) => f.path === path);
}
