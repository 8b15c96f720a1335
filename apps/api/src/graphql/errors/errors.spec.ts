import { Logger } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { ServiceError } from '@temporalio/client';
import { DomainError, DomainErrorCode } from '@lib/domain';
import { graphqlCodeFor, toGraphqlError } from './domain-error-mapping';
import { formatGraphqlErrors, unquoteValues, variableError } from './error-formatter';
import { GraphqlErrorCode } from './graphql-error-code';
import { safeErrorSummary } from './safe-error-log';
import { toClientError } from './to-client-error';

describe('error mapping', () => {
  it('maps every domain code to exactly one client code', () => {
    const mapped = Object.fromEntries(Object.values(DomainErrorCode).map((c) => [c, graphqlCodeFor(c)]));
    expect(mapped).toEqual({
      BAD_INPUT: 'BAD_USER_INPUT',
      NOT_FOUND: 'NOT_FOUND',
      FORBIDDEN: 'FORBIDDEN',
      CONFLICT: 'CONFLICT',
      INVALID_TRANSITION: 'CONFLICT',
      CONSENT_REQUIRED: 'FORBIDDEN',
      UNAUTHENTICATED: 'UNAUTHENTICATED',
    });
  });

  it('carries field paths for bad input', () => {
    const error = toGraphqlError(DomainError.badInput('Invalid', [{ path: ['input', 'reason'], message: 'must not be empty' }]));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'BAD_INPUT', fields: [{ path: 'input.reason', message: 'must not be empty' }] });
  });

  it('turns anything unexpected into a generic INTERNAL_SERVER_ERROR with the request id', () => {
    const pgError = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
      constraint: 'uq_x',
      detail: 'Key (phone)=(+994501112233) already exists.',
    });
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const client = toClientError(pgError, 'req-1');
    const calls = [...logged.mock.calls];
    logged.mockRestore();
    expect(client.message).toBe('Internal error (request req-1)');
    expect(client.extensions).toEqual({ code: GraphqlErrorCode.INTERNAL_SERVER_ERROR, requestId: 'req-1' });
    // Logged once, with the request id and the driver code, never the message or detail.
    expect(calls).toHaveLength(1);
    expect(JSON.stringify(calls[0]![0])).toContain('req-1');
    expect(JSON.stringify(calls)).not.toMatch(/\+994|already exists/);
  });

  it('a workflow engine that did not answer is SERVICE_UNAVAILABLE with the request id, logged as a warning', () => {
    const timeout = new ServiceError('Deadline exceeded', { cause: Object.assign(new Error('Deadline exceeded'), { code: 4 }) });
    const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const errored = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const client = toClientError(timeout, 'req-2');
    const [warnings, errors] = [warned.mock.calls.length, errored.mock.calls.length];
    warned.mockRestore();
    errored.mockRestore();
    expect(client.extensions).toEqual({ code: GraphqlErrorCode.SERVICE_UNAVAILABLE, requestId: 'req-2' });
    expect([warnings, errors]).toEqual([1, 0]);
  });

  it('logs an unexpected error by class, driver code and frames only: never its message or detail', () => {
    const pgError = Object.assign(new Error('Key (full_name)=(Aysel Mammadova) already exists'), {
      code: '23505',
      constraint: 'uq_x',
      detail: 'Key (phone)=(+994501112233) already exists.',
    });
    const summary = JSON.stringify(safeErrorSummary(pgError));
    expect(summary).toContain('23505');
    expect(summary).toContain('uq_x');
    expect(summary).not.toContain('Aysel');
    expect(summary).not.toContain('+994');
  });

  it('formats: strips suggestions, hides unmapped original errors', () => {
    const formatted = formatGraphqlErrors({
      data: null,
      errors: [
        new GraphQLError('Cannot query field "nam" on type "Case". Did you mean "name"?'),
        new GraphQLError('boom', { originalError: new Error('secret detail') }),
      ],
    });
    expect(formatted.response.errors).toEqual([
      { message: 'Cannot query field "nam" on type "Case".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
      { message: 'Internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    ]);
  });
});

describe('variable coercion errors', () => {
  it('never echo the submitted value and carry a field path', () => {
    expect(variableError('Variable "$input" got invalid value { fullName: "Aysel Mammadova" }; Field "channel" of required type "ContactChannel!" was not provided.')).toEqual({
      message: 'Invalid value for variable $input at input.channel: is required',
      extensions: { code: 'BAD_USER_INPUT', fields: [{ path: 'input.channel', message: 'is required' }] },
    });
    expect(variableError('Variable "$t" got invalid value "POLIC" at "t"; Value "POLIC" does not exist in "OrganisationType" enum. Did you mean the enum value "POLICE"?')?.message).toBe(
      'Invalid value for variable $t at t: is not an allowed value',
    );
    expect(variableError('Variable "$input" got invalid value "x; y" at "input.survivor.phone"; String cannot represent a non string value: 5')?.extensions.fields).toEqual([
      { path: 'input.survivor.phone', message: 'has the wrong type' },
    ]);
    expect(variableError('Cannot query field "x" on type "Query".')).toBeNull();
  });
});

describe('unquoteValues', () => {
  it('keeps quoted GraphQL names and types, drops anything else the request said', () => {
    expect(unquoteValues('Unknown operation named "Ayşə Məmmədova +994 50".')).toBe('Unknown operation named (not shown).');
    expect(unquoteValues('Variable "$id" of type "ID!" used in position expecting type "UUID!".')).toBe(
      'Variable "$id" of type "ID!" used in position expecting type "UUID!".',
    );
    expect(unquoteValues('Cannot query field "caseCod" on type "Case".')).toBe('Cannot query field "caseCod" on type "Case".');
    expect(unquoteValues('Unknown type "[Foo!]!".')).toBe('Unknown type "[Foo!]!".');
  });
});
