import { ConsoleLogger, type LogLevel, type LoggerService } from '@nestjs/common';

export type LogFormat = 'json' | 'text';

/**
 * LOG_FORMAT: `json` (one JSON object per line: time, level, context, message; what log collectors parse) or `text`
 * (coloured lines for a developer's terminal). Default: json in production, text otherwise. Log messages carry ids
 * and codes only, never personal data, in either format.
 */
export function logFormatFromEnv(production: boolean, env: NodeJS.ProcessEnv = process.env): LogFormat {
  const value = env.LOG_FORMAT;
  if (value === undefined || value === '') return production ? 'json' : 'text';
  if (value === 'json' || value === 'text') return value;
  throw new Error('LOG_FORMAT must be json or text');
}

/** The API's Nest logger: Nest's own ConsoleLogger, in JSON mode when the format asks for it. */
export function apiLogger(format: LogFormat, logLevels: LogLevel[]): LoggerService | LogLevel[] {
  return format === 'json' ? new ConsoleLogger({ json: true, colors: false, logLevels }) : logLevels;
}
