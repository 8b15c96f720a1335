/** grpc.health.v1.Health/Check: always SERVING while the server runs. */
import type { Handler } from '../grpc/server';

export function healthHandlers(): Record<string, Handler> {
  return { Check: () => ({ status: 1 /* SERVING */ }) };
}
