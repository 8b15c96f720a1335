import { DomainError, DomainErrorCode } from '@lib/domain';
import { CallerIdentities } from './caller-identities';

const STAFF = '00000000-0000-4000-8000-000000000001';
const ORG = '00000000-0000-4000-8000-0000000000aa';

function fixture() {
  const calls = { verify: 0, lookUp: 0 };
  const verifier = {
    verifyBearer: (header: string | string[] | undefined | null) => {
      calls.verify += 1;
      if (header !== 'Bearer good' && header !== 'Bearer unknown')
        return Promise.reject(new DomainError(DomainErrorCode.UNAUTHENTICATED, 'Invalid token'));
      const subject = header === 'Bearer good' ? STAFF : 'nobody';
      return Promise.resolve({
        staffId: header === 'Bearer good' ? STAFF : null,
        issuer: 'local',
        subject,
        tokenId: null,
        expiresAt: new Date(Date.now() + 3_600_000),
      });
    },
  };
  const staff = {
    findActiveByIdentity: (p: { subject: string }) => {
      calls.lookUp += 1;
      return Promise.resolve(
        p.subject === STAFF
          ? {
              staffId: STAFF,
              username: 'u',
              organisationId: ORG,
              organisationType: 'DOST_CENTER' as never,
              region: 'Baku',
              roles: [],
              supervisorId: null,
            }
          : null,
      );
    },
  };
  return { calls, callers: new CallerIdentities(verifier, staff, 60_000, 100) };
}

describe('CallerIdentities', () => {
  it('a verified token of an active member is that member and organisation; looked up once, then known', async () => {
    const { calls, callers } = fixture();
    expect(callers.peek('Bearer good')).toBeUndefined();
    const [a, b] = await Promise.all([callers.resolve('Bearer good'), callers.resolve('Bearer good')]);
    expect(a).toEqual({ kind: 'staff', staffId: STAFF, organisationId: ORG });
    expect(b).toEqual(a);
    expect(calls).toEqual({ verify: 1, lookUp: 1 });
    expect(callers.peek('Bearer good')).toEqual(a);
    expect(callers.peek('Bearer good', Date.now() + 61_000)).toBeUndefined(); // remembered for at most a minute
  });

  it('no token, a forged token or an unknown identity is anonymous (the address budget), never a member', async () => {
    const { calls, callers } = fixture();
    expect(callers.peek(undefined)).toEqual({ kind: 'anonymous' });
    expect(callers.peek(['Bearer good', 'Bearer good'])).toEqual({ kind: 'anonymous' });
    expect(await callers.resolve(`Bearer forged.${STAFF}.sig`)).toEqual({ kind: 'anonymous' });
    expect(await callers.resolve('Bearer unknown')).toEqual({ kind: 'anonymous' });
    expect(calls.lookUp).toBe(1); // a forged token never reaches the staff lookup
    // A bad token's verdict is remembered only briefly.
    expect(callers.peek(`Bearer forged.${STAFF}.sig`)).toEqual({ kind: 'anonymous' });
    expect(callers.peek(`Bearer forged.${STAFF}.sig`, Date.now() + 11_000)).toBeUndefined();
  });

  it('does not remember a verdict when the staff lookup fails', async () => {
    const { callers } = fixture();
    const failing = new CallerIdentities(
      {
        verifyBearer: () =>
          Promise.resolve({
            staffId: STAFF,
            issuer: 'local',
            subject: STAFF,
            tokenId: null,
            expiresAt: new Date(Date.now() + 60_000),
          }),
      },
      { findActiveByIdentity: () => Promise.reject(new Error('connection refused')) },
    );
    expect(await failing.resolve('Bearer good')).toEqual({ kind: 'anonymous' });
    expect(failing.peek('Bearer good')).toBeUndefined();
    expect(callers.peek('Bearer good')).toBeUndefined();
  });
});
