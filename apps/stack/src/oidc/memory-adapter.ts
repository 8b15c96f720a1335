import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Adapter, type AdapterFactory, type AdapterPayload } from 'oidc-provider';

/** Models whose artefacts belong to a grant (revoked together when the grant is). */
const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
]);

/** Saves are gathered for this long after a change (one write per burst of provider activity). */
const SAVE_DELAY_MS = 100;

interface Entry {
  payload: AdapterPayload;
  /** Epoch ms; Infinity when the provider gave no expiry. */
  expiresAt: number;
}

/** The file's shape: [key, payload, expiresAt (null: none)]. */
interface Snapshot {
  version: 1;
  entries: [string, AdapterPayload, number | null][];
}

export interface ProviderStoreOptions {
  /** Most entries kept (expired ones are dropped first, then the oldest). */
  maxEntries?: number;
  /** Clock (tests). */
  now?: () => number;
  /**
   * Where the store is kept across restarts (0600), so sign-ins, consents and refresh tokens survive them; unset:
   * memory only.
   */
  file?: string;
}

/**
 * The embedded provider's storage: sessions, interactions, grants, authorization codes and refresh tokens, bounded,
 * each entry dropped at its expiry; saved to `file` shortly after each change (write to a temporary file, then
 * rename) and on close, and read back at start. Access tokens are JWTs and are not stored. Holds no survivor data:
 * staff ids, client ids, scopes and token ids.
 */
export class ProviderStore {
  private readonly entries = new Map<string, Entry>();
  private readonly uids = new Map<string, string>();
  private readonly userCodes = new Map<string, string>();
  private readonly grants = new Map<string, Set<string>>();
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly file: string | null;
  private saveTimer: NodeJS.Timeout | null = null;

  constructor(options: ProviderStoreOptions = {}) {
    this.maxEntries = options.maxEntries ?? 20_000;
    this.now = options.now ?? Date.now;
    this.file = options.file ?? null;
    if (this.file) this.load(this.file);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The factory oidc-provider's `adapter` option takes. */
  factory(): AdapterFactory {
    return (model: string) => this.adapterFor(model);
  }

  /** Writes pending changes now (at shutdown). */
  flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (this.file) this.save(this.file);
  }

  private adapterFor(model: string): Adapter {
    const key = (id: string): string => `${model}:${id}`;
    // Synchronous underneath; the provider expects promises.
    return {
      upsert: (id, payload, expiresIn) => {
        this.set(key(id), payload, expiresIn);
        return this.changed();
      },
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
        return this.changed();
      },
      destroy: (id) => {
        this.delete(key(id));
        return this.changed();
      },
      revokeByGrantId: (grantId) => {
        for (const member of this.grants.get(grantId) ?? []) this.delete(member);
        this.grants.delete(grantId);
        return this.changed();
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

  private set(key: string, payload: AdapterPayload, expiresIn: number | undefined): void {
    const expiresAt = typeof expiresIn === 'number' ? this.now() + expiresIn * 1000 : Infinity;
    this.put(key, payload, expiresAt);
  }

  private put(key: string, payload: AdapterPayload, expiresAt: number): void {
    this.delete(key);
    if (this.entries.size >= this.maxEntries) this.evict();
    this.entries.set(key, { payload, expiresAt });
    const colon = key.indexOf(':');
    const model = key.slice(0, colon);
    const id = key.slice(colon + 1);
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

  /** Schedules a save (with a file); resolves at once: the provider's request does not wait for the disk. */
  private changed(): Promise<void> {
    if (!this.file || this.saveTimer) return Promise.resolve();
    const file = this.file;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.save(file);
    }, SAVE_DELAY_MS);
    this.saveTimer.unref();
    return Promise.resolve();
  }

  private save(file: string): void {
    const now = this.now();
    const snapshot: Snapshot = { version: 1, entries: [] };
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now) {
        snapshot.entries.push([
          key,
          entry.payload,
          Number.isFinite(entry.expiresAt) ? entry.expiresAt : null,
        ]);
      }
    }
    const tmp = join(dirname(file), `.${randomUUID()}.tmp`);
    try {
      writeFileSync(tmp, JSON.stringify(snapshot), { mode: 0o600, flag: 'wx' });
      renameSync(tmp, file);
    } catch {
      // A failed save loses only sign-ins since the last one (the next change tries again).
      try {
        unlinkSync(tmp);
      } catch {
        // nothing was written
      }
    }
  }

  private load(file: string): void {
    let snapshot: Snapshot;
    try {
      snapshot = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
    } catch {
      return; // none yet, or unreadable: start empty (everyone signs in again)
    }
    if (snapshot?.version !== 1 || !Array.isArray(snapshot.entries)) return;
    const now = this.now();
    for (const row of snapshot.entries) {
      if (!Array.isArray(row) || typeof row[0] !== 'string' || !row[0].includes(':')) continue;
      if (typeof row[1] !== 'object' || row[1] === null) continue;
      const expiresAt = typeof row[2] === 'number' ? row[2] : Infinity;
      if (expiresAt > now) this.put(row[0], row[1], expiresAt);
    }
  }
}
