import { CROCKFORD_ALPHABET, generateCaseCode, isValidCaseCode, normaliseCaseCode } from './case-code';

describe('case code', () => {
  it('encodes 40 bits as 8 Crockford characters', () => {
    expect(generateCaseCode(new Uint8Array([0, 0, 0, 0, 0]))).toBe('NRM-00000000');
    expect(generateCaseCode(new Uint8Array([255, 255, 255, 255, 255]))).toBe('NRM-ZZZZZZZZ');
    expect(generateCaseCode(new Uint8Array([0, 0, 0, 0, 31]))).toBe('NRM-0000000Z');
    expect(generateCaseCode(new Uint8Array([0x08, 0x42, 0x10, 0x84, 0x21]))).toBe('NRM-11111111');
    expect(generateCaseCode(new Uint8Array([1, 2, 3, 4, 5, 6, 7]))).toBe(
      generateCaseCode(new Uint8Array([1, 2, 3, 4, 5])),
    );
  });

  it('uses no ambiguous characters', () => {
    expect(CROCKFORD_ALPHABET).toHaveLength(32);
    expect(CROCKFORD_ALPHABET).not.toMatch(/[ILOU]/);
    for (let i = 0; i < 200; i++) {
      const bytes = new Uint8Array(5).map((_, j) => (i * 37 + j * 101) % 256);
      const code = generateCaseCode(bytes);
      expect(isValidCaseCode(code)).toBe(true);
      expect(code.slice(4)).not.toMatch(/[ILOU]/);
    }
  });

  it('needs 5 random bytes', () => {
    expect(() => generateCaseCode(new Uint8Array(4))).toThrow(RangeError);
  });

  it('validates strictly', () => {
    expect(isValidCaseCode('NRM-7F3K9Q2M')).toBe(true);
    expect(isValidCaseCode('nrm-7f3k9q2m')).toBe(false);
    expect(isValidCaseCode('NRM-7F3K9Q2')).toBe(false);
    expect(isValidCaseCode('NRM-7F3K9Q2MM')).toBe(false);
    expect(isValidCaseCode('NRM-7F3K9QUM')).toBe(false);
    expect(isValidCaseCode('XYZ-7F3K9Q2M')).toBe(false);
  });

  it('normalises human input', () => {
    expect(normaliseCaseCode(' nrm 7f3k-9q2m ')).toBe('NRM-7F3K9Q2M');
    expect(normaliseCaseCode('NRM-O0IL1234')).toBe('NRM-00111234');
    expect(normaliseCaseCode('NRM-7F3K9QUM')).toBeNull();
    expect(normaliseCaseCode('7F3K9Q2M')).toBeNull();
  });
});
