import { createClient as createWsClient } from 'graphql-ws';
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from 'urql';

/** ws(s)://<host>/graphql for an http(s) GraphQL URL (relative URLs resolve against the page). */
export function websocketUrl(graphqlUrl: string, base = window.location.href): string {
  const url = new URL(graphqlUrl, base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** The console's only channel to the API: GraphQL with the in-memory access token; no second API. */
export function createGraphqlClient(
  url: string,
  accessToken: () => string | null,
  onUnauthenticated: () => void,
): Client {
  // Live updates (the inbox's new tasks) over graphql-ws; the token goes in connection_init, and a reconnection (the API
  // closes the socket when the token expires) carries the renewed one.
  const ws = createWsClient({
    url: websocketUrl(url),
    lazy: true,
    connectionParams: () => {
      const token = accessToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    retryAttempts: 20,
    shouldRetry: () => true,
  });
  return new Client({
    url,
    preferGetMethod: false,
    exchanges: [
      mapExchange({
        onError(error) {
          const status = (error.response as { status?: number } | undefined)?.status;
          const code = error.graphQLErrors[0]?.extensions?.code;
          if (status === 401 || code === 'UNAUTHENTICATED') onUnauthenticated();
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
    fetchOptions: (): RequestInit => {
      const token = accessToken();
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      return {
        credentials: 'omit',
        cache: 'no-store',
        headers,
      };
    },
  });
}
