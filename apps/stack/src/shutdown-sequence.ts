import { type Logger } from '@nestjs/common';

/**
 * Stops what was started, in reverse order, exactly once (Ctrl-C twice forces an exit).
 * Parts are stopped one by one so the API stops taking requests before the worker and Temporal go away,
 * and the database goes last.
 */
export class ShutdownSequence {
  private readonly parts: { name: string; stop: () => Promise<unknown> }[] = [];
  private running: Promise<void> | null = null;

  constructor(private readonly logger: Pick<Logger, 'log' | 'error'>) {}

  push(name: string, stop: () => Promise<unknown>): void {
    this.parts.push({ name, stop });
  }

  listen(): void {
    const onSignal = (signal: NodeJS.Signals): void => {
      if (this.running) {
        this.logger.error(`${signal} again: exiting now`);
        process.exit(130);
      }
      this.logger.log(`${signal}: shutting down`);
      void this.run(0);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }

  run(exitCode: number): Promise<void> {
    this.running ??= (async () => {
      for (const part of [...this.parts].reverse()) {
        try {
          await part.stop();
        } catch (error) {
          this.logger.error(`Stopping ${part.name} failed: ${error instanceof Error ? error.name : 'error'}`);
        }
      }
      process.exit(exitCode);
    })();
    return this.running;
  }
}
