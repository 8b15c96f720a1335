import { type Provider } from '@nestjs/common';
import { type RiskInstrument } from '@lib/domain';
import { loadRiskInstrumentFromEnv } from './risk-instrument.loader';

/** Injection token of the instrument new assessments are scored with (read and validated once, at start). */
export const RISK_INSTRUMENT = Symbol('RISK_INSTRUMENT');

/** A module that provides it fails to start when RISK_INSTRUMENT_FILE is invalid (the message names every issue). */
export const riskInstrumentProvider: Provider<RiskInstrument> = {
  provide: RISK_INSTRUMENT,
  useFactory: (): RiskInstrument => loadRiskInstrumentFromEnv(),
};
