import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { consentProblemsFor, problemsFor, toFailure } from './graphql-errors';

const gql = (extensions: Record<string, unknown>) =>
  new CombinedError({ graphQLErrors: [new GraphQLError('x', { extensions })] });

describe('toFailure', () => {
  it('maps BAD_USER_INPUT with its field paths', () => {
    const f = toFailure(
      gql({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.reason', message: 'required' }, { bad: 1 }] }),
    );
    expect(f).toEqual({ kind: 'badInput', fields: [{ path: 'input.reason', message: 'required' }] });
    expect(problemsFor(f, 'input.reason')).toHaveLength(1);
    expect(problemsFor(f, 'input.other')).toHaveLength(0);
  });

  it('maps FORBIDDEN, keeping the missing consent categories', () => {
    expect(
      toFailure(gql({ code: 'FORBIDDEN', reason: 'CONSENT_REQUIRED', missingCategories: ['HEALTH', 3] })),
    ).toEqual({
      kind: 'forbidden',
      missingCategories: ['HEALTH'],
      consentRequired: true,
      fields: [],
    });
    expect(toFailure(gql({ code: 'FORBIDDEN', reason: 'FORBIDDEN' }))).toMatchObject({
      consentRequired: false,
    });
  });

  it('keeps the field a CONSENT_REQUIRED refusal names, for that field only', () => {
    const f = toFailure(
      gql({
        code: 'FORBIDDEN',
        reason: 'CONSENT_REQUIRED',
        fields: [{ path: 'input.responsibleOrganisationId', message: 'Consent required' }],
      }),
    );
    expect(consentProblemsFor(f, 'input.responsibleOrganisationId')).toEqual([
      { path: 'input.responsibleOrganisationId', message: 'Consent required' },
    ]);
    expect(consentProblemsFor(f, 'input.dueAt')).toEqual([]);
    expect(problemsFor(f, 'input.responsibleOrganisationId')).toEqual([]);
    const plain = toFailure(
      gql({
        code: 'FORBIDDEN',
        reason: 'FORBIDDEN',
        fields: [{ path: 'input.responsibleOrganisationId', message: '' }],
      }),
    );
    expect(consentProblemsFor(plain, 'input.responsibleOrganisationId')).toEqual([]);
  });

  it('tells a stale version from an invalid transition', () => {
    expect(toFailure(gql({ code: 'CONFLICT', reason: 'CONFLICT' }))).toEqual({
      kind: 'conflict',
      stale: true,
    });
    expect(toFailure(gql({ code: 'CONFLICT', reason: 'INVALID_TRANSITION' }))).toEqual({
      kind: 'conflict',
      stale: false,
    });
  });

  it('maps NOT_FOUND, UNAUTHENTICATED, unknown codes and network failures', () => {
    expect(toFailure(gql({ code: 'NOT_FOUND' }))).toEqual({ kind: 'notFound' });
    expect(toFailure(gql({ code: 'UNAUTHENTICATED' }))).toEqual({ kind: 'unauthenticated' });
    expect(toFailure(gql({ code: 'INTERNAL_SERVER_ERROR' }))).toEqual({ kind: 'server' });
    expect(toFailure(new CombinedError({ networkError: new TypeError('Failed to fetch') }))).toEqual({
      kind: 'network',
    });
    expect(
      toFailure(new CombinedError({ networkError: new Error('401'), response: { status: 401 } as Response })),
    ).toEqual({ kind: 'unauthenticated' });
  });
});
