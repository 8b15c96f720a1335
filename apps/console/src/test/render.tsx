import { render, type RenderResult } from '@testing-library/react';
import { type ReactElement } from 'react';
import { Provider, type Client, type OperationResult } from 'urql';
import { concat, fromPromise, fromValue, never, take, toPromise } from 'wonka';
import { I18nProvider } from '../i18n/i18n';
import { type Language } from '../i18n/types';
import { type Me } from '../app/navigation';
import { type StaffRole } from '../gql/graphql';

export interface Call {
  name: string;
  variables: Record<string, unknown>;
}

type Result = { data?: unknown; error?: OperationResult['error'] };
type Answer = Result | Promise<Result> | 'pending';

/**
 * A urql client that answers each operation by its name, recording the calls. Only the transport is replaced: the
 * components, the translations and the error mapping under test are the real ones.
 */
export function fakeClient(answer: (call: Call) => Answer): { client: Client; calls: Call[] } {
  const calls: Call[] = [];
  const run = (operation: { query: unknown; variables?: unknown }) => {
    const doc = operation.query as { definitions: { name?: { value: string } }[] };
    const call = {
      name: doc.definitions[0]?.name?.value ?? '',
      variables: (operation.variables ?? {}) as Record<string, unknown>,
    };
    calls.push(call);
    const a = answer(call);
    if (a === 'pending') return never;
    const toResult = (r: Result) =>
      ({
        operation,
        data: r.data,
        error: r.error,
        stale: false,
        hasNext: false,
      }) as unknown as OperationResult;
    // Like the real client's streams, the result stays current (the source does not end after it).
    if (a instanceof Promise) return concat([fromPromise(a.then(toResult)), never]);
    return concat([fromValue(toResult(a)), never]);
  };
  const client = {
    executeQuery: run,
    executeMutation: run,
    executeSubscription: run,
    query: (query: unknown, variables: unknown) => ({
      toPromise: () => toPromise(take(1)(run({ query, variables }))),
    }),
    mutation: (query: unknown, variables: unknown) => ({
      toPromise: () => toPromise(take(1)(run({ query, variables }))),
    }),
    suspense: false,
  } as unknown as Client;
  return { client, calls };
}

export function renderWith(ui: ReactElement, client: Client, language: Language = 'en'): RenderResult {
  return render(
    <Provider value={client}>
      <I18nProvider language={language} setLanguage={() => undefined}>
        {ui}
      </I18nProvider>
    </Provider>,
  );
}

/** A signed-in member for screens that take `me` (MeGate supplies it in the console). */
export function testMe(roles: StaffRole[], organisationId = '55555555-5555-4555-8555-555555555555'): Me {
  return {
    id: '66666666-6666-4666-8666-999999999999',
    displayName: 'Leyla Mammadova',
    roles,
    supervisorId: null,
    organisation: { id: organisationId, name: 'DOST Baku', type: 'DOST_CENTER' },
  };
}
