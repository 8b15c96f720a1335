import { type Adapter, type AdapterFactory, type AdapterPayload } from 'oidc-provider';

/** Models whose artefacts belong to a grant (revoked together when the grant is). */
const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
]);

interface Entry {
  payload: AdapterPayload;
  /** Epoch ms; Infinity when the provider gave no expiry. */
  expiresAt: number;
}

/**
 * The embedded provider's storage: sessions, interactions, grants, authorization codes and refresh tokens, in this
 * process's memory, bounded, each entry dropped at its expiry. A restart signs everyone out of the provider (the
 * console then asks them to sign in again); access tokens already issued stay valid until they expire because the
 * signing key is kept on disk. Access tokens are JWTs and are not stored here.
 */
export class ProviderStore {
  private readonly entries = new Map<string, Entry>();
  private readonly uids = new Map<string, string>();
  private readonly userCodes = new Map<string, string>();
  private readonly grants = new Map<string, Set<string>>();

  constructor(
    private readonly maxEntries = 20_000,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The factory oidc-provider's `adapter` option takes. */
  factory(): AdapterFactory {
    return (model: string) => this.adapterFor(model);
  }

  private adapterFor(model: string): Adapter {
    const key = (id: string): string => `${model}:${id}`;
    // Synchronous underneath; the provider expects promises.
    return {
      upsert: (id, payload, expiresIn) => Promise.resolve(this.set(model, key(id), payload, expiresIn)),
      find: (id) => Promise.resolve(this.get(key(id))),
      findByUid: (uid) => {
        const id = this.uids.get(uid);
        return Promise.resolve(id === undefined ? undefined : this.get(key(id)));
      },
      findByUserCode: (userCode) => {
        const id = this.userCodes.get(userCode);
        return Promise.resolve(id === undefined ? undefined : this.get(key(id)));
      },
      consume: (id) => {
        const entry = this.get(key(id));
        if (entry) entry.consumed = Math.floor(this.now() / 1000);
        return Promise.resolve();
      },
      destroy: (id) => Promise.resolve(this.delete(key(id))),
      revokeByGrantId: (grantId) => {
        for (const member of this.grants.get(grantId) ?? []) this.delete(member);
        this.grants.delete(grantId);
        return Promise.resolve();
      },
    };
  }

  private get(key: string): AdapterPayload | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  private set(model: string, key: string, payload: AdapterPayload, expiresIn: number | undefined): void {
    this.delete(key);
    if (this.entries.size >= this.maxEntries) this.evict();
    const expiresAt = typeof expiresIn === 'number' ? this.now() + expiresIn * 1000 : Infinity;
    this.entries.set(key, { payload, expiresAt });
    const id = key.slice(model.length + 1);
    if (model === 'Session' && typeof payload.uid === 'string') this.uids.set(payload.uid, id);
    if (typeof payload.userCode === 'string') this.userCodes.set(payload.userCode, id);
    if (GRANTABLE.has(model) && typeof payload.grantId === 'string') {
      const members = this.grants.get(payload.grantId) ?? new Set<string>();
      members.add(key);
      this.grants.set(payload.grantId, members);
    }
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    const id = key.slice(key.indexOf(':') + 1);
    const { uid, userCode, grantId } = entry.payload;
    if (typeof uid === 'string' && this.uids.get(uid) === id) this.uids.delete(uid);
    if (typeof userCode === 'string' && this.userCodes.get(userCode) === id) this.userCodes.delete(userCode);
    if (typeof grantId === 'string') {
      const members = this.grants.get(grantId);
      members?.delete(key);
      if (members?.size === 0) this.grants.delete(grantId);
    }
  }

  /** Drops expired entries; when none has expired, the oldest one. */
  private evict(): void {
    const now = this.now();
    let dropped = false;
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) {
        this.delete(key);
        dropped = true;
      }
    }
    if (!dropped) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
  }
}
