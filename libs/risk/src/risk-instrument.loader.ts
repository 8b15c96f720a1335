import { readFileSync } from 'node:fs';
import {
  DEFAULT_RISK_INSTRUMENT,
  DomainError,
  type RiskInstrument,
  describeInstrumentIssues,
  parseRiskInstrumentJson,
} from '@lib/domain';

/** Environment variable naming a JSON risk instrument (validated by the domain). Unset: the default instrument. */
export const RISK_INSTRUMENT_FILE_ENV = 'RISK_INSTRUMENT_FILE';

/** Thrown when the configured instrument cannot be used: the process must not start with it. */
export class RiskInstrumentConfigError extends Error {
  override readonly name = 'RiskInstrumentConfigError';
}

/**
 * The instrument new assessments are scored with: the file named by RISK_INSTRUMENT_FILE, else
 * DEFAULT_RISK_INSTRUMENT. Read once, when the API starts (RiskModule): an unreadable or invalid file fails the start
 * with a message naming every problem (`instrument.items.3.labels.ru: missing label`); a new file applies to
 * assessments made after the restart, and each assessment records the version it was scored with.
 */
export function loadRiskInstrumentFromEnv(env: NodeJS.ProcessEnv = process.env): RiskInstrument {
  const path = env[RISK_INSTRUMENT_FILE_ENV];
  if (!path) return DEFAULT_RISK_INSTRUMENT;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new RiskInstrumentConfigError(`${RISK_INSTRUMENT_FILE_ENV} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return parseRiskInstrumentJson(text);
  } catch (error) {
    if (error instanceof DomainError) {
      throw new RiskInstrumentConfigError(`Invalid risk instrument in ${RISK_INSTRUMENT_FILE_ENV}: ${describeInstrumentIssues(error)}`);
    }
    throw error;
  }
}
