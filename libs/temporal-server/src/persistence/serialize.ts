/**
 * Serialises engine state for the database.
 *
 * - History events are stored one row each as protobuf bytes (`temporal.api.history.v1.HistoryEvent`, the same root the
 *   SDK uses) and read back as plain objects (int64 as numbers, bytes as Buffers), the shape the engine builds itself.
 * - Everything else of an Execution is plain data; it is written as tagged JSON: Uint8Array -> {"$b": base64},
 *   Map -> {"$m": [[k, v], ...]}, Long -> number, keys starting with "$" are escaped with one more "$". Protobufjs
 *   message instances (decoded requests kept in state) are walked by their own fields, never through their toJSON
 *   (which would turn enums and bytes into strings).
 * - The snapshot is taken synchronously at commit time, so later mutations of the live objects cannot leak into it.
 */
import { temporal } from '@temporalio/proto';
import type { Execution } from '../engine/types';
import type { IHistoryEvent } from '../proto/types';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function escapeKey(k: string): string {
  return k.startsWith('$') ? `$${k}` : k;
}

function unescapeKey(k: string): string {
  return k.startsWith('$$') ? k.slice(1) : k;
}

interface LongLike {
  low: number;
  high: number;
  unsigned: boolean;
  toNumber(): number;
}

function isLong(v: object): v is LongLike {
  const l = v as Partial<LongLike>;
  return typeof l.low === 'number' && typeof l.high === 'number' && typeof l.unsigned === 'boolean' && typeof l.toNumber === 'function';
}

export function toJsonSafe(v: unknown): Json {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) ? v : null;
    case 'bigint':
      return Number(v);
    case 'object':
      break;
    case 'undefined':
    case 'function':
    case 'symbol':
      return null;
  }
  if (v instanceof Uint8Array) return { $b: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  if (isLong(v)) return v.toNumber();
  if (v instanceof Map) return { $m: [...(v as Map<unknown, unknown>).entries()].map(([k, x]) => [toJsonSafe(k), toJsonSafe(x)]) };
  if (Array.isArray(v)) return v.map((x) => toJsonSafe(x));
  const out: Record<string, Json> = {};
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    if (x === undefined || typeof x === 'function') continue;
    out[escapeKey(k)] = toJsonSafe(x);
  }
  return out;
}

export function fromJsonSafe(v: Json): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => fromJsonSafe(x));
  const keys = Object.keys(v);
  if (keys.length === 1) {
    const b = v.$b;
    if (typeof b === 'string') return Buffer.from(b, 'base64');
    const m = v.$m;
    if (Array.isArray(m)) {
      return new Map(
        m.map((pair) => {
          const [k, x] = Array.isArray(pair) ? pair : [null, null];
          return [fromJsonSafe(k ?? null), fromJsonSafe(x ?? null)];
        }),
      );
    }
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[unescapeKey(k)] = fromJsonSafe(v[k] ?? null);
  return out;
}

const HistoryEvent = temporal.api.history.v1.HistoryEvent;

export function encodeEvent(ev: IHistoryEvent): Buffer {
  const bytes = HistoryEvent.encode(ev).finish();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function decodeEvent(bytes: Uint8Array): IHistoryEvent {
  const msg = HistoryEvent.decode(bytes);
  const obj: IHistoryEvent = HistoryEvent.toObject(msg, { longs: Number, enums: Number, defaults: false, oneofs: false });
  return obj;
}

/** The stored form of an Execution without its history (events are rows of their own). */
export interface StoredState {
  v: 1;
  execution: Json;
  /** Due times (virtual ms) of the clock timers that belong to this run, by timer key (timer-keys.ts). */
  timers: Record<string, number>;
}

export function snapshotState(e: Execution, timers: Record<string, number>): string {
  const { history: _history, ...rest } = e;
  const state: StoredState = { v: 1, execution: toJsonSafe(rest), timers };
  return JSON.stringify(state);
}

export function restoreExecution(stateText: string, history: IHistoryEvent[]): { execution: Execution; timers: Record<string, number> } {
  const state = JSON.parse(stateText) as StoredState;
  if (state.v !== 1) throw new Error(`unsupported stored execution version ${String(state.v)}`);
  const rest = fromJsonSafe(state.execution) as Omit<Execution, 'history'>;
  const execution: Execution = { ...rest, history };
  // Maps must come back as Maps even when stored empty by an older shape.
  for (const k of ['activities', 'timers', 'children', 'updates', 'queries'] as const) {
    if (!(execution[k] instanceof Map)) (execution as unknown as Record<string, unknown>)[k] = new Map();
  }
  if (!Array.isArray(execution.buffered)) execution.buffered = [];
  return { execution, timers: state.timers ?? {} };
}
