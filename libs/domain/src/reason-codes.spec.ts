import { REASON_CODES, ReasonKind, isReasonCode, reasonFor } from './reason-codes';

describe('coded reasons', () => {
  it('every kind has distinct codes, each labelled in az, en and ru, ending with OTHER', () => {
    for (const kind of Object.values(ReasonKind)) {
      const codes = REASON_CODES[kind].map((c) => c.code);
      expect(new Set(codes).size).toBe(codes.length);
      expect(codes[codes.length - 1]).toBe('OTHER');
      for (const c of REASON_CODES[kind])
        for (const label of Object.values(c.labels)) expect(label.trim()).not.toBe('');
    }
  });

  it('shares a code with the other party, free text only with its writer', () => {
    expect(isReasonCode(ReasonKind.DECLINE, 'NO_CAPACITY')).toBe(true);
    expect(isReasonCode(ReasonKind.WITHDRAWAL, 'NO_CAPACITY')).toBe(false);
    expect(reasonFor(ReasonKind.DECLINE, 'NO_CAPACITY', false)).toBe('NO_CAPACITY');
    expect(reasonFor(ReasonKind.DECLINE, 'Shelter full', false)).toBeNull();
    expect(reasonFor(ReasonKind.DECLINE, 'Shelter full', true)).toBe('Shelter full');
    expect(reasonFor(ReasonKind.WITHDRAWAL, null, false)).toBeNull();
  });
});
