/** Activities used by the conformance suite. */
import { Context, ApplicationFailure, CancelledFailure, CompleteAsyncError } from '@temporalio/activity';

export function echo(s: string): Promise<string> {
  return Promise.resolve(s);
}

export async function slowEcho(s: string, ms: number): Promise<string> {
  await new Promise((r) => setTimeout(r, ms));
  return s;
}

const attempts = new Map<string, number>();
export function flaky(key: string, failures: number): Promise<number> {
  const n = (attempts.get(key) ?? 0) + 1;
  attempts.set(key, n);
  if (n <= failures) return Promise.reject(new Error(`attempt ${n} failed`));
  return Promise.resolve(Context.current().info.attempt);
}

export function failNonRetryable(key: string): Promise<void> {
  const n = (attempts.get(key) ?? 0) + 1;
  attempts.set(key, n);
  return Promise.reject(ApplicationFailure.nonRetryable(`nope ${n}`, 'Fatal'));
}

export async function silentSleeper(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

export async function heartbeater(ms: number): Promise<string> {
  const ctx = Context.current();
  const end = Date.now() + ms;
  while (Date.now() < end) {
    ctx.heartbeat();
    try {
      await ctx.sleep(200);
    } catch (err) {
      if (err instanceof CancelledFailure) throw err;
      throw err;
    }
  }
  return 'finished';
}

export function attemptsOf(key: string): number {
  return attempts.get(key) ?? 0;
}

/** Completed later from outside (client.activity.complete / heartbeat by id). */
export const asyncStarted: string[] = [];
export function completesAsync(tag: string): Promise<string> {
  asyncStarted.push(tag);
  return Promise.reject(new CompleteAsyncError());
}
