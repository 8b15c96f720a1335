import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RISK_INSTRUMENT } from '@lib/domain';
import { loadRiskInstrumentFromEnv, RiskInstrumentConfigError } from './risk-instrument.loader';

describe('loadRiskInstrumentFromEnv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nrm-risk-'));
  const write = (name: string, doc: unknown): string => {
    const file = join(dir, name);
    writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
    return file;
  };

  it('defaults to the project instrument', () => {
    expect(loadRiskInstrumentFromEnv({})).toBe(DEFAULT_RISK_INSTRUMENT);
  });

  it('reads RISK_INSTRUMENT_FILE', () => {
    const file = write('ok.json', { ...DEFAULT_RISK_INSTRUMENT, version: 'local-2' });
    expect(loadRiskInstrumentFromEnv({ RISK_INSTRUMENT_FILE: file }).version).toBe('local-2');
  });

  it('fails naming an unknown item field, a missing label and an overlapping threshold', () => {
    const doc = JSON.parse(JSON.stringify(DEFAULT_RISK_INSTRUMENT)) as {
      items: Record<string, unknown>[];
      thresholds: { min: number }[];
    };
    doc.items[0]!.severity = 3;
    delete (doc.items[1]!.labels as Record<string, string>).az;
    doc.thresholds[2]!.min = 11;
    const file = write('bad.json', doc);
    expect(() => loadRiskInstrumentFromEnv({ RISK_INSTRUMENT_FILE: file })).toThrow(
      new RiskInstrumentConfigError(
        'Invalid risk instrument in RISK_INSTRUMENT_FILE: instrument.items.0.severity: unknown field; ' +
          'instrument.items.1.labels.az: missing label; ' +
          'instrument.thresholds.2.min: overlaps the MEDIUM band (instrument.thresholds.1)',
      ),
    );
  });

  it('fails on a file that is not JSON or cannot be read', () => {
    const file = write('broken.json', '{ "version": ');
    expect(() => loadRiskInstrumentFromEnv({ RISK_INSTRUMENT_FILE: file })).toThrow(
      'Invalid risk instrument in RISK_INSTRUMENT_FILE: instrument: must be valid JSON',
    );
    expect(() => loadRiskInstrumentFromEnv({ RISK_INSTRUMENT_FILE: join(dir, 'absent.json') })).toThrow(
      'RISK_INSTRUMENT_FILE cannot be read (ENOENT)',
    );
  });
});

describe('riskInstrumentProvider (what the API builds at start)', () => {
  const saved = process.env.RISK_INSTRUMENT_FILE;
  afterEach(() => {
    if (saved === undefined) delete process.env.RISK_INSTRUMENT_FILE;
    else process.env.RISK_INSTRUMENT_FILE = saved;
  });

  it('fails the start on an invalid RISK_INSTRUMENT_FILE, naming the problem', async () => {
    const { Test } = await import('@nestjs/testing');
    const { riskInstrumentProvider, RISK_INSTRUMENT } = await import('./risk-instrument.provider');
    const dir = mkdtempSync(join(tmpdir(), 'nrm-risk-start-'));
    const file = join(dir, 'i.json');
    writeFileSync(file, JSON.stringify({ ...DEFAULT_RISK_INSTRUMENT, thresholds: [] }));
    process.env.RISK_INSTRUMENT_FILE = file;
    await expect(Test.createTestingModule({ providers: [riskInstrumentProvider] }).compile()).rejects.toThrow(
      'Invalid risk instrument in RISK_INSTRUMENT_FILE: instrument.thresholds: missing band for LOW',
    );
    delete process.env.RISK_INSTRUMENT_FILE;
    const ok = await Test.createTestingModule({ providers: [riskInstrumentProvider] }).compile();
    expect(ok.get(RISK_INSTRUMENT)).toBe(DEFAULT_RISK_INSTRUMENT);
  });
});
