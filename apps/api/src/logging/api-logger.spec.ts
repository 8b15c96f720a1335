import { ConsoleLogger } from '@nestjs/common';
import { apiLogger, logFormatFromEnv } from './api-logger';

describe('API log format', () => {
  it('is JSON in production and text in development unless LOG_FORMAT says otherwise', () => {
    expect(logFormatFromEnv(true, {})).toBe('json');
    expect(logFormatFromEnv(false, {})).toBe('text');
    expect(logFormatFromEnv(false, { LOG_FORMAT: 'json' })).toBe('json');
    expect(logFormatFromEnv(true, { LOG_FORMAT: 'text' })).toBe('text');
    expect(() => logFormatFromEnv(true, { LOG_FORMAT: 'xml' })).toThrow('LOG_FORMAT must be json or text');
  });

  it('writes one JSON object per line in json format', () => {
    const logger = apiLogger('json', ['log']);
    expect(logger).toBeInstanceOf(ConsoleLogger);
    const writes: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      (logger as ConsoleLogger).log('GraphQL endpoint ready', 'Api');
    } finally {
      spy.mockRestore();
    }
    const line = JSON.parse(writes.join('').trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'log', context: 'Api', message: 'GraphQL endpoint ready' });
    expect(apiLogger('text', ['log'])).toEqual(['log']);
  });
});
