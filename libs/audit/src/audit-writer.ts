import { createHash, randomInt, randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { type DataSource, type EntityManager } from 'typeorm';
import { inTransaction, preparedQuery } from '@lib/persistence';
import { GENESIS_HASH, auditEventHash, type HashedAuditFields } from './audit-hash';
import { AUDIT_LANES, auditLaneChainId } from './audit-lanes';
import { AuditSigningKey, headSigningMessage, processAuditSigningKey } from './audit-signing-key';

/** Actor id for changes made by the system itself (workflows, timers), not by a staff member. */
export const SYSTEM_ACTOR_ID = '00000000-0000-0000-0000-000000000000';

/**
 * What happened, by whom, to what: ids, codes and field NAMES only, never personal data.
 * `action`: UPPER_SNAKE verb phrase, e.g. `CASE_OPENED`, `PERSON_READ`, `REFERRAL_ACCEPTED`, `BREAK_GLASS_READ`.
 */
export interface AuditEventInput {
  actorId: string;
  /** The actor's organisation, whose trail (one of its lanes) the event is appended to. */
  organisationId: string;
  action: string;
  /** e.g. `case`, `person`, `referral`, `consent`, `task`. */
  subjectType: string;
  subjectId: string;
  caseId?: string | null;
  /** Names of the fields read or changed, e.g. `['fullName', 'phone']`. Never values. */
  fields?: string[];
  /** A purpose code, or a comma-separated list of codes. */
  purpose?: string | null;
  /** Why (break-glass, legal override). Free text typed by staff: the UI must ask for no personal data in it. */
  justification?: string | null;
  breakGlass?: boolean;
  requestId?: string | null;
  occurredAt?: Date;
}

export interface RecordedAuditEvent {
  id: string;
  chainId: string;
  seq: number;
  hash: string;
}

const ACTION = /^[A-Z][A-Z0-9_]{1,79}$/;
const NAME = /^[A-Za-z][A-Za-z0-9_.]{0,79}$/;
/** One code or a comma-separated list of codes (e.g. `SERVICE_PROVISION,LEGAL_AID`). */
const PURPOSE = /^[A-Za-z][A-Za-z0-9_.]{0,79}(,[A-Za-z][A-Za-z0-9_.]{0,79}){0,15}$/;
/** Ids and opaque tokens: no spaces, ASCII only (a name or address cannot pass). */
const TOKEN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
const VOUCHED_MAX = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Request ids are correlation metadata, possibly client-influenced: a well-formed one is kept, anything else is
 * replaced by a hash of it (never stored raw, never a reason to fail the audited change).
 */
function safeRequestId(requestId: string | null | undefined): string | null {
  if (requestId === undefined || requestId === null || requestId === '') return null;
  return TOKEN.test(requestId) ? requestId : `sha256:${createHash('sha256').update(requestId).digest('hex').slice(0, 32)}`;
}

function check(condition: boolean, what: string): void {
  // Messages name the offending parameter only: the value could be personal data passed by mistake.
  if (!condition) throw new Error(`AuditWriter: invalid ${what}`);
}

/** Throws (naming the parameter, never its value) when the event would be refused by the writer. */
export function validateAuditEvent(input: AuditEventInput): void {
  check(UUID.test(input.actorId), 'actorId');
  check(UUID.test(input.organisationId), 'organisationId');
  check(ACTION.test(input.action), 'action');
  check(NAME.test(input.subjectType), 'subjectType');
  check(TOKEN.test(input.subjectId), 'subjectId');
  check(input.caseId === undefined || input.caseId === null || UUID.test(input.caseId), 'caseId');
  check((input.fields ?? []).every((f) => NAME.test(f)), 'fields (field names only)');
  check(input.purpose === undefined || input.purpose === null || PURPOSE.test(input.purpose), 'purpose (codes only)');
}

/**
 * Appends hash-chained audit events INSIDE the caller's transaction (pass the transaction's EntityManager), so the
 * audit row commits or rolls back with the change it describes.
 *
 * Per chain: the head row in `audit_chain_heads` is locked `FOR UPDATE` (created on the chain's first event), the
 * sequence number is taken inside that lock (never from a serial taken before it), the event is inserted with
 * `prev_hash` = head hash, and the head moves on. The head stays locked until the caller's transaction ends, so each
 * organisation has up to AUDIT_LANES chains (audit-lanes.ts) and a writer takes a lane no other transaction holds
 * (`SKIP LOCKED`): with one chain per organisation, every write of a busy organisation queued behind the previous
 * one's commit (measured: 12–40 ms of lock wait per referral at 50 referrals/s, and the convoy cost CPU). Only when
 * all lanes are held does a writer wait, on one of them. Still record as the LAST step of the transaction.
 */
@Injectable()
export class AuditWriter {
  private key: AuditSigningKey | undefined;
  /** chain id → the head (seq/hash/signature) this process signed last: trusted without verifying again. */
  private readonly vouched = new Map<string, string>();
  /**
   * organisation id → chain id → the head this process signed last on that lane (`append` builds on one of them if it
   * is still the head), at most AUDIT_LANES per organisation.
   */
  private readonly lastWritten = new Map<string, Map<string, SignedHead>>();
  /** Chains with an `append` on their remembered head in flight (another append takes another one, or a lane). */
  private readonly appending = new Set<string>();

  /** `key`: the head-signing key; default the process's (AUDIT_SIGNING_KEY, or `.data/keys` locally), loaded at first use. */
  constructor(@Optional() @Inject(AuditSigningKey) key?: AuditSigningKey) {
    this.key = key;
  }

  async record(manager: EntityManager, input: AuditEventInput): Promise<RecordedAuditEvent> {
    const [recorded] = await this.recordMany(manager, [input]);
    return recorded!;
  }

  /**
   * Appends several events of ONE organisation to one of its lanes: one head lock, one (multi-row) INSERT, one head
   * update and one signature, however many events (the read-audit batcher's group commit).
   */
  async recordMany(manager: EntityManager, inputs: readonly AuditEventInput[]): Promise<RecordedAuditEvent[]> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('AuditWriter.record must run inside the transaction of the change it audits');
    }
    const organisationId = this.checkBatch(inputs);
    if (organisationId === null) return [];
    const key = (this.key ??= processAuditSigningKey());

    const head = await this.lockLane(manager, organisationId);
    const headSeq = Number(head.seq);
    // Never extend a chain whose head this key did not sign: a rewritten head would otherwise be laundered by the
    // next legitimate signature. (NULL: a head from before signatures, signed from its next event on.) A head exactly
    // as this process signed or verified it last is not verified again (Ed25519 verify costs ~3× a signature).
    const seen = `${headSeq}/${head.hash}/${head.signature}`;
    if (head.signature !== null && this.vouched.get(head.chainId) !== seen) {
      if (!key.verify(headSigningMessage(head.chainId, headSeq, head.hash), head.signature)) {
        throw new Error('AuditWriter: the audit chain head signature does not verify (run audit:verify)');
      }
    }

    const batch = this.extend(key, organisationId, { chainId: head.chainId, seq: headSeq, hash: head.hash }, inputs);
    const params: unknown[] = [];
    const rows = batch.events.map((e) => `(${eventValues(e).map((v) => `$${params.push(v)}`).join(', ')})`);
    const headParams = [batch.head.chainId, batch.head.seq, batch.head.hash, batch.head.signature, key.keyId].map((v) => `$${params.push(v)}`);
    const sql = `WITH e AS (
         INSERT INTO audit_events (${EVENT_COLUMNS})
         VALUES ${rows.join(', ')}
         RETURNING seq)
       UPDATE audit_chain_heads SET seq = ${headParams[1]}, hash = ${headParams[2]}, signature = ${headParams[3]},
         key_id = ${headParams[4]} WHERE chain_id = ${headParams[0]} AND EXISTS (SELECT 1 FROM e)`;
    // One statement text per batch size: a single event (the hot path) is a prepared statement.
    if (batch.events.length === 1) await preparedQuery(manager, sql, params);
    else await manager.query(sql, params);
    return batch.events.map((e) => ({ id: e.id, chainId: e.chainId, seq: e.seq, hash: e.hash }));
  }

  /**
   * Appends events that belong to no other change (the read-audit batcher's), committed on return. When this process
   * wrote the organisation's last event on a lane and nobody has written there since, ONE statement takes that head
   * (FOR UPDATE SKIP LOCKED, only if it is still exactly as this process signed it), inserts the events and moves the
   * head; otherwise, or if the head moved or is held, a transaction as `recordMany` takes any free lane. Either way
   * the events are chained and the head signed exactly as `recordMany` does.
   */
  async append(dataSource: DataSource, inputs: readonly AuditEventInput[]): Promise<RecordedAuditEvent[]> {
    const organisationId = this.checkBatch(inputs);
    if (organisationId === null) return [];
    const known = [...(this.lastWritten.get(organisationId)?.values() ?? [])].find((h) => !this.appending.has(h.chainId));
    if (known !== undefined) {
      this.appending.add(known.chainId);
      try {
        const written = await this.appendAfter(dataSource, organisationId, known, inputs);
        if (written !== null) return written;
      } finally {
        this.appending.delete(known.chainId);
      }
    }
    return inTransaction(dataSource, (manager) => this.recordMany(manager, inputs));
  }

  private async appendAfter(
    dataSource: DataSource,
    organisationId: string,
    known: SignedHead,
    inputs: readonly AuditEventInput[],
  ): Promise<RecordedAuditEvent[] | null> {
    const key = (this.key ??= processAuditSigningKey());
    const batch = this.extend(key, organisationId, known, inputs);
    const params: unknown[] = [known.chainId, known.seq, known.hash, known.signature];
    const rows = batch.events.map(
      (e) => `(${eventValues(e).map((v, i) => `$${params.push(v)}::${EVENT_TYPES[i]}`).join(', ')})`,
    );
    const [chainId, seq, hash, signature, keyId] = [batch.head.chainId, batch.head.seq, batch.head.hash, batch.head.signature, key.keyId].map(
      (v) => `$${params.push(v)}`,
    );
    const sql = `WITH lane AS (
         SELECT chain_id FROM audit_chain_heads WHERE chain_id = $1 AND seq = $2 AND hash = $3 AND signature = $4
            FOR UPDATE SKIP LOCKED),
       e AS (
         INSERT INTO audit_events (${EVENT_COLUMNS})
         SELECT * FROM (VALUES ${rows.join(', ')}) AS v WHERE EXISTS (SELECT 1 FROM lane)
         RETURNING seq)
       UPDATE audit_chain_heads h SET seq = ${seq}, hash = ${hash}, signature = ${signature}, key_id = ${keyId}
         FROM lane WHERE h.chain_id = lane.chain_id AND h.chain_id = ${chainId} AND EXISTS (SELECT 1 FROM e)
       RETURNING h.seq`;
    // The rows of the UPDATE (manager.query would answer [rows, count] for it): one when written, none when not. An
    // error is the caller's (the batch fails), never a reason to write the events again elsewhere.
    const updated = await preparedQuery(dataSource.manager, sql, params, { prepare: batch.events.length === 1 });
    if (updated.length === 1) return batch.events.map((e) => ({ id: e.id, chainId: e.chainId, seq: e.seq, hash: e.hash }));
    // The head moved (another writer) or is held: nothing was written; the caller takes a lane as recordMany does.
    this.lastWritten.get(organisationId)?.delete(known.chainId);
    return null;
  }

  /** Validates a batch (one organisation's events); returns that organisation, lower-cased, or null when empty. */
  private checkBatch(inputs: readonly AuditEventInput[]): string | null {
    const first = inputs[0];
    if (!first) return null;
    for (const input of inputs) validateAuditEvent(input);
    const organisationId = first.organisationId.toLowerCase();
    check(inputs.every((i) => i.organisationId.toLowerCase() === organisationId), 'organisationId (one organisation per batch)');
    return organisationId;
  }

  /**
   * The events chained after `head`, and the new head signed: remembered as vouched (this key signed it) and as the
   * organisation's last written head (a hint: `append` checks it in the database before it builds on it).
   */
  private extend(
    key: AuditSigningKey,
    organisationId: string,
    head: Omit<SignedHead, 'signature'>,
    inputs: readonly AuditEventInput[],
  ): { events: (HashedAuditFields & { hash: string })[]; head: SignedHead } {
    const now = new Date();
    let prevHash = head.hash;
    const events: (HashedAuditFields & { hash: string })[] = inputs.map((input, i) => {
      const event: HashedAuditFields = {
        id: randomUUID(),
        chainId: head.chainId,
        seq: head.seq + 1 + i,
        actorId: input.actorId,
        organisationId: input.organisationId,
        action: input.action,
        subjectType: input.subjectType,
        subjectId: input.subjectId,
        caseId: input.caseId ?? null,
        fields: input.fields ?? [],
        purpose: input.purpose ?? null,
        justification: input.justification ?? null,
        breakGlass: input.breakGlass ?? false,
        requestId: safeRequestId(input.requestId),
        // Millisecond precision, so the value read back from timestamptz hashes identically.
        occurredAt: new Date((input.occurredAt ?? now).getTime()),
        prevHash,
      };
      prevHash = auditEventHash(event);
      return { ...event, hash: prevHash };
    });
    const last = events[events.length - 1]!;
    const signature = key.sign(headSigningMessage(last.chainId, last.seq, last.hash));
    if (this.vouched.size >= VOUCHED_MAX) this.vouched.clear();
    this.vouched.set(last.chainId, `${last.seq}/${last.hash}/${signature}`);
    const next = { chainId: last.chainId, seq: last.seq, hash: last.hash, signature };
    if (this.lastWritten.size >= VOUCHED_MAX) this.lastWritten.clear();
    const lanes = this.lastWritten.get(organisationId) ?? new Map<string, SignedHead>();
    lanes.set(next.chainId, next);
    this.lastWritten.set(organisationId, lanes);
    return { events, head: next };
  }

  /**
   * Locks the head of one of the organisation's lanes FOR UPDATE: a free one if any (starting at a random lane, so
   * the lanes share the updates), else a new lane while there are fewer than AUDIT_LANES, else waits for one.
   */
  private async lockLane(manager: EntityManager, organisationId: string): Promise<Head> {
    const free = await preparedQuery<Head>(
      manager,
      `SELECT chain_id AS "chainId", seq::text AS seq, hash, signature FROM audit_chain_heads WHERE organisation_id = $1
        ORDER BY (lane + $2) % $3 LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [organisationId, randomInt(AUDIT_LANES), AUDIT_LANES],
    );
    if (free[0]) return free[0];
    const [counted] = await preparedQuery<{ lanes: number }>(
      manager,
      `SELECT count(*)::int AS lanes FROM audit_chain_heads WHERE organisation_id = $1`,
      [organisationId],
    );
    const lanes = counted?.lanes ?? 0;
    if (lanes < AUDIT_LANES) {
      // A new lane (lane 0: the organisation's first event). The inserted row is ours until commit; if another
      // transaction created this lane meanwhile, DO NOTHING (after waiting for it) and wait for a lane below.
      const chainId = auditLaneChainId(organisationId, lanes);
      const created = await preparedQuery<Head>(
        manager,
        `INSERT INTO audit_chain_heads (chain_id, organisation_id, lane, seq, hash) VALUES ($1, $2, $3, 0, $4)
         ON CONFLICT DO NOTHING RETURNING chain_id AS "chainId", seq::text AS seq, hash, signature`,
        [chainId, organisationId, lanes, GENESIS_HASH],
      );
      if (created[0]) return created[0];
    }
    const waited = await preparedQuery<Head>(
      manager,
      `SELECT chain_id AS "chainId", seq::text AS seq, hash, signature FROM audit_chain_heads WHERE organisation_id = $1 AND lane = $2
        FOR UPDATE`,
      [organisationId, randomInt(Math.max(1, Math.min(lanes, AUDIT_LANES)))],
    );
    if (!waited[0]) throw new Error('AuditWriter: chain head not found');
    return waited[0];
  }
}

interface Head {
  chainId: string;
  seq: string;
  hash: string;
  signature: string | null;
}

interface SignedHead {
  chainId: string;
  seq: number;
  hash: string;
  signature: string;
}

const EVENT_COLUMNS =
  'id, chain_id, seq, actor_id, organisation_id, action, subject_type, subject_id, case_id, fields, purpose, ' +
  'justification, break_glass, request_id, occurred_at, prev_hash, hash';
/** The column types of EVENT_COLUMNS, in order (VALUES inside a SELECT takes no type from the target columns). */
const EVENT_TYPES = ['uuid', 'uuid', 'bigint', 'uuid', 'uuid', 'text', 'text', 'text', 'uuid', 'text[]', 'text', 'text', 'boolean', 'text', 'timestamptz', 'text', 'text'];

function eventValues(e: HashedAuditFields & { hash: string }): unknown[] {
  return [e.id, e.chainId, e.seq, e.actorId, e.organisationId, e.action, e.subjectType, e.subjectId, e.caseId,
    e.fields, e.purpose, e.justification, e.breakGlass, e.requestId, e.occurredAt, e.prevHash, e.hash];
}
