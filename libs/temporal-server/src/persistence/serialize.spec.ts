import Long from 'long';
import { temporal } from '@temporalio/proto';
import { decodeEvent, encodeEvent, fromJsonSafe, restoreExecution, snapshotState, toJsonSafe, type Json } from './serialize';
import type { Execution } from '../engine/types';
import type { IHistoryEvent } from '../proto/types';

const roundTrip = (v: unknown): unknown => fromJsonSafe(JSON.parse(JSON.stringify(toJsonSafe(v))) as Json);

describe('persistence serializer', () => {
  it('round-trips bytes, maps, nested arrays and $-prefixed keys; longs become numbers', () => {
    const v = {
      data: Buffer.from([0, 1, 2, 255]),
      u8: new Uint8Array([9, 8]),
      m: new Map<number, { x: string }>([[3, { x: 'y' }]]),
      list: [1, 'two', null, [true]],
      $b: 'not a buffer',
      $$weird: 1,
      long: Long.fromNumber(1234567890123),
      skipped: undefined,
    };
    const back = roundTrip(v) as Record<string, unknown>;
    expect(back.data).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(back.u8).toEqual(Buffer.from([9, 8]));
    expect(back.m).toEqual(new Map([[3, { x: 'y' }]]));
    expect(back.list).toEqual([1, 'two', null, [true]]);
    expect(back.$b).toBe('not a buffer');
    expect(back.$$weird).toBe(1);
    expect(back.long).toBe(1234567890123);
    expect('skipped' in back).toBe(false);
  });

  it('walks protobufjs messages by field (enums stay numbers, bytes stay bytes), not through toJSON', () => {
    const p = temporal.api.common.v1.Payloads.decode(
      temporal.api.common.v1.Payloads.encode({ payloads: [{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"x"') }] }).finish(),
    );
    const back = roundTrip({ p }) as { p: temporal.api.common.v1.IPayloads };
    expect(Buffer.from(back.p.payloads?.[0]?.data ?? []).toString()).toBe('"x"');
    expect(Buffer.from(back.p.payloads?.[0]?.metadata?.encoding ?? []).toString()).toBe('json/plain');
    const enc = temporal.api.common.v1.Payloads.encode(back.p).finish();
    expect(Buffer.from(enc)).toEqual(Buffer.from(temporal.api.common.v1.Payloads.encode(p).finish()));
  });

  it('encodes history events as protobuf and reads them back as plain objects with numbers', () => {
    const ev = {
      eventId: 7,
      eventTime: { seconds: 1_700_000_000, nanos: 5_000_000 },
      eventType: temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_FIRED,
      taskId: 9,
      timerFiredEventAttributes: { timerId: 't1', startedEventId: 5 },
    };
    const back = decodeEvent(encodeEvent(ev as unknown as IHistoryEvent));
    expect(back).toEqual(ev);
  });

  it('snapshots an execution without its history and restores Maps', () => {
    const e = {
      runId: 'r1',
      history: [{ eventId: 1 }],
      activities: new Map([[5, { scheduledEventId: 5, input: { payloads: [{ data: Buffer.from('a') }] } }]]),
      timers: new Map([['t', 3]]),
      children: new Map(),
      updates: new Map(),
      queries: new Map(),
      buffered: [],
    } as unknown as Execution;
    const text = snapshotState(e, { 'user|r1|t': 123 });
    expect(text).not.toContain('eventId');
    const { execution, timers } = restoreExecution(text, []);
    expect(execution.history).toEqual([]);
    expect(execution.activities.get(5)?.input?.payloads?.[0]?.data).toEqual(Buffer.from('a'));
    expect(execution.timers.get('t')).toBe(3);
    expect(timers).toEqual({ 'user|r1|t': 123 });
    // The snapshot is a copy: later mutations do not change it.
    e.timers.set('u', 4);
    expect(restoreExecution(text, []).execution.timers.has('u')).toBe(false);
  });
});
