import { DefaultLogger, Runtime } from '@temporalio/worker';

/**
 * The SDK runtime for tests that stop, restart or kill the server under a running worker: the worker's polls fail
 * on purpose, so its logger AND its native core log errors only (the core's own filter defaults to WARN, which prints
 * every retried poll). Once per jest worker process.
 */
export function installQuietRuntime(): void {
  try {
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
    });
  } catch {
    // already installed in this jest worker
  }
}
