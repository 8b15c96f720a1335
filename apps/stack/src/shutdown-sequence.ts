import { type Logger } from '@nestjs/common';

/**
 * Stops what was started, in reverse order, exactly once (a second signal forces an exit).
 * Parts are stopped one by one so the API stops taking requests before the worker and Temporal go away,
 * and the database goes last; each stop is logged (`<part> stopped`), and the last line is `Stopped.`.
 */
export class ShutdownSequence {
  private readonly parts: { name: string; stop: () => Promise<unknown> }[] = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly logger: Pick<Logger, 'log' | 'error'>,
    private readonly exit: (code: number) => void = (code) => process.exit(code),
  ) {}

  push(name: string, stop: () => Promise<unknown>): void {
    this.parts.push({ name, stop });
  }

  listen(): void {
    const onSignal = (signal: NodeJS.Signals): void => {
      if (this.running) {
        this.logger.error(`${signal} again: exiting now`);
        this.exit(130);
        return;
      }
      this.logger.log(`${signal}: shutting down`);
      void this.run(0);
    };
    // SIGHUP: the terminal went away; stop as cleanly as on Ctrl-C rather than leave the database running.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  }

  run(exitCode: number): Promise<void> {
    this.running ??= (async () => {
      let failed = false;
      for (const part of [...this.parts].reverse()) {
        try {
          await part.stop();
          this.logger.log(`${part.name} stopped`);
        } catch (error) {
          failed = true;
          this.logger.error(`Stopping ${part.name} failed: ${error instanceof Error ? error.name : 'error'}`);
        }
      }
      this.logger.log(failed ? 'Stopped, with errors.' : 'Stopped.');
      this.exit(failed && exitCode === 0 ? 1 : exitCode);
    })();
    return this.running;
  }
}
