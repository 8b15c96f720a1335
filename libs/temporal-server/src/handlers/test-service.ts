/** temporal.api.testservice.v1.TestService: time-skipping control over the virtual clock. */
import type { Engine } from '../engine/engine';
import type { Handler } from '../grpc/server';
import { durMs, ts, tsToMs, type IDuration, type ITimestamp } from '../proto/types';
import { failedPrecondition } from '../grpc/errors';

export function testServiceHandlers(engine: Engine): Record<string, Handler> {
  const sleepUntil = (due: number): Promise<object> => new Promise((resolve) => engine.callbackAt(due, () => resolve({})));
  return {
    LockTimeSkipping: () => {
      engine.clock.lock();
      return {};
    },
    UnlockTimeSkipping: () => {
      try {
        engine.clock.unlock();
      } catch (err) {
        throw failedPrecondition((err as Error).message);
      }
      return {};
    },
    Sleep: (req) => sleepUntil(engine.now() + durMs((req as { duration?: IDuration | null }).duration)),
    SleepUntil: (req) => sleepUntil(tsToMs((req as { timestamp?: ITimestamp | null }).timestamp)),
    UnlockTimeSkippingWithSleep: (req) => {
      const due = engine.now() + durMs((req as { duration?: IDuration | null }).duration);
      try {
        engine.clock.unlock();
      } catch (err) {
        throw failedPrecondition((err as Error).message);
      }
      // Scheduled in the same tick as the unlock, before the clock can skip past it; re-locks when it fires.
      return new Promise<object>((resolve) =>
        engine.callbackAt(due, () => {
          engine.clock.lock();
          resolve({});
        }),
      );
    },
    GetCurrentTime: () => ({ time: ts(engine.now()) }),
  };
}
