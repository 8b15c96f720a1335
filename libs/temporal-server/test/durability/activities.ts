/** Activities of the durability test. */
import { Context } from '@temporalio/activity';

export function echo(s: string): Promise<string> {
  return Promise.resolve(s);
}

const started: { tag: string; attempt: number; at: number }[] = [];
let release: () => void = () => undefined;
const released = new Promise<void>((r) => {
  release = r;
});

/** Attempts seen by this process (test assertions). */
export function attemptsSeen(): readonly { tag: string; attempt: number; at: number }[] {
  return started;
}

/** Lets the hanging first attempts return (end of test), so the worker can shut down. */
export function releaseHungAttempts(): void {
  release();
}

/** Attempt 1 hangs until released (or cancelled); later attempts answer at once. */
export async function hangsOnFirstAttempt(tag: string): Promise<string> {
  const { attempt } = Context.current().info;
  started.push({ tag, attempt, at: Date.now() });
  if (attempt === 1) {
    await Promise.race([released, Context.current().cancelled.catch(() => undefined)]);
    return `stale:${tag}`;
  }
  return `done:${tag}:attempt${attempt}`;
}

/** Attempt 1 fails at once (the retry then waits out its backoff); later attempts answer with their attempt number. */
export function failsOnFirstAttempt(tag: string): Promise<string> {
  const { attempt } = Context.current().info;
  started.push({ tag, attempt, at: Date.now() });
  if (attempt === 1) return Promise.reject(new Error('first attempt fails'));
  return Promise.resolve(`done:${tag}:attempt${attempt}`);
}
