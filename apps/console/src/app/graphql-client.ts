import { Client, cacheExchange, fetchExchange, mapExchange } from 'urql';

/** The console's only channel to the API: GraphQL with the in-memory access token; no second API. */
export function createGraphqlClient(
  url: string,
  accessToken: () => string | null,
  onUnauthenticated: () => void,
): Client {
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
