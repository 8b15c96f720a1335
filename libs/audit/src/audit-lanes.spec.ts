import { AUDIT_LANES, auditLaneChainId } from './audit-lanes';

const ORG = '10000000-0000-4000-8000-0000000000A1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('audit lanes', () => {
  it('lane 0 is the organisation id itself (the chain of earlier versions)', () => {
    expect(auditLaneChainId(ORG, 0)).toBe(ORG.toLowerCase());
  });

  it('other lanes are distinct, stable version-8 UUIDs of (organisation, lane)', () => {
    const ids = Array.from({ length: AUDIT_LANES - 1 }, (_, i) => auditLaneChainId(ORG, i + 1));
    expect(ids.every((id) => UUID.test(id))).toBe(true);
    expect(new Set([ORG.toLowerCase(), ...ids]).size).toBe(AUDIT_LANES);
    expect(auditLaneChainId(ORG.toLowerCase(), 3)).toBe(ids[2]);
    expect(auditLaneChainId('10000000-0000-4000-8000-0000000000b2', 3)).not.toBe(ids[2]);
  });

  it('refuses a lane outside 0..AUDIT_LANES-1', () => {
    for (const lane of [-1, AUDIT_LANES, 1.5])
      expect(() => auditLaneChainId(ORG, lane)).toThrow('invalid lane');
  });
});
