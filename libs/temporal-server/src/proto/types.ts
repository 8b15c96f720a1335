/**
 * Short aliases onto the @temporalio/proto root (the same protobufjs root the SDK uses), plus time and enum helpers.
 */
import { temporal } from '@temporalio/proto';
import type Long from 'long';

export { temporal };
export const enums = temporal.api.enums.v1;
export const ws = temporal.api.workflowservice.v1;

export type IPayloads = temporal.api.common.v1.IPayloads;
export type IPayload = temporal.api.common.v1.IPayload;
export type IHeader = temporal.api.common.v1.IHeader;
export type IFailure = temporal.api.failure.v1.IFailure;
export type IRetryPolicy = temporal.api.common.v1.IRetryPolicy;
export type IHistoryEvent = temporal.api.history.v1.IHistoryEvent;
export type IDuration = { seconds?: number | Long | null; nanos?: number | null };
export type ITimestamp = { seconds?: number | Long | null; nanos?: number | null };
export type IMemo = temporal.api.common.v1.IMemo;
export type ISearchAttributes = temporal.api.common.v1.ISearchAttributes;
export type IWorkflowQuery = temporal.api.query.v1.IWorkflowQuery;
export type IMessage = temporal.api.protocol.v1.IMessage;

export type Int64 = number | Long | null | undefined;

/** int64 (Long or number) to a JS number. */
export function num(v: Int64): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return v;
  return v.toNumber();
}

export function ts(ms: number): { seconds: number; nanos: number } {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.round((ms - seconds * 1000) * 1e6) };
}

export function tsToMs(t: ITimestamp | null | undefined): number {
  if (!t) return 0;
  return num(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6);
}

/** Duration to milliseconds; 0 when unset. */
export function durMs(d: IDuration | null | undefined): number {
  if (!d) return 0;
  return num(d.seconds) * 1000 + Math.floor((d.nanos ?? 0) / 1e6);
}

export function dur(ms: number): { seconds: number; nanos: number } {
  return ts(ms);
}

export type EventTypeName = keyof typeof temporal.api.enums.v1.EventType extends `EVENT_TYPE_${infer N}` ? N : never;

// Both run for every event written (a few per workflow task): computed once per event type, not per event.
const ATTRS_KEYS = new Map<string, string>();
const EVENT_TYPE_NUMBERS = new Map<string, number>();

/** EVENT_TYPE_TIMER_FIRED -> timerFiredEventAttributes */
export function attrsKey(name: string): string {
  let key = ATTRS_KEYS.get(name);
  if (key === undefined) {
    key = `${name.toLowerCase().replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())}EventAttributes`;
    ATTRS_KEYS.set(name, key);
  }
  return key;
}

export function eventTypeNumber(name: EventTypeName): number {
  let n = EVENT_TYPE_NUMBERS.get(name);
  if (n === undefined) {
    n = enums.EventType[`EVENT_TYPE_${name}`];
    EVENT_TYPE_NUMBERS.set(name, n);
  }
  return n;
}

export function eventTypeName(n: number | null | undefined): string {
  const name: string | undefined = enums.EventType[n ?? 0];
  return name ? name.replace(/^EVENT_TYPE_/, '') : 'UNSPECIFIED';
}

export const WF_STATUS = enums.WorkflowExecutionStatus;

/** An enum's members typed as plain numbers (state stores numbers; comparisons stay type-safe without enum casts). */
export function numEnum<T extends object>(e: T): { [K in keyof T]: number } {
  return e as unknown as { [K in keyof T]: number };
}

export function payloadsSize(p: IPayloads | null | undefined): number {
  let n = 0;
  for (const x of p?.payloads ?? []) n += x.data?.length ?? 0;
  return n;
}
