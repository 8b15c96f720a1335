import { ShutdownSequence } from './shutdown-sequence';

describe('ShutdownSequence', () => {
  it('stops parts in reverse order of start, once, logs each and ends with "Stopped."', async () => {
    const lines: string[] = [];
    const exits: number[] = [];
    const seq = new ShutdownSequence(
      { log: (m: string) => lines.push(m), error: (m: string) => lines.push(`ERROR ${m}`) },
      (c) => exits.push(c),
    );
    for (const name of ['database', 'temporal', 'worker', 'api'])
      seq.push(name, () => Promise.resolve(lines.push(`stopping ${name}`)));
    await Promise.all([seq.run(0), seq.run(0)]);
    expect(lines).toEqual([
      'stopping api',
      'api stopped',
      'stopping worker',
      'worker stopped',
      'stopping temporal',
      'temporal stopped',
      'stopping database',
      'database stopped',
      'Stopped.',
    ]);
    expect(exits).toEqual([0]);
  });

  it('a part that fails to stop is logged by error name, the rest still stop, and the exit code says so', async () => {
    const lines: string[] = [];
    const exits: number[] = [];
    const seq = new ShutdownSequence(
      { log: (m: string) => lines.push(m), error: (m: string) => lines.push(`ERROR ${m}`) },
      (c) => exits.push(c),
    );
    seq.push('database', () => Promise.resolve());
    seq.push('worker', () => Promise.reject(new TypeError('secret detail')));
    await seq.run(0);
    expect(lines).toEqual([
      'ERROR Stopping worker failed: TypeError',
      'database stopped',
      'Stopped, with errors.',
    ]);
    expect(exits).toEqual([1]);
  });
});
