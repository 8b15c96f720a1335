import Long from 'long';
import * as protobuf from 'protobufjs';
import { temporal } from '@temporalio/proto';
import { attrsKey } from '../proto/types';
import { frameEncoder, writeHistory } from './response-encoding';

const History = temporal.api.history.v1.History;
const PollResponse = temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
const StartResponse = temporal.api.workflowservice.v1.StartWorkflowExecutionResponse;
const EventType = temporal.api.enums.v1.EventType;

const generic = (events: object[]): Buffer => Buffer.from(History.encode({ events }).finish());
const short = (events: object[]): Buffer => {
  const w = protobuf.Writer.create();
  writeHistory({ events }, w);
  return Buffer.from(w.finish());
};
const tq = { name: 'queue-a', kind: 1 };
const time = { seconds: 1_796_677_605, nanos: 219_000_000 };

/** Events shaped as the engine writes them (plain objects, int64 as numbers), one per event type. */
function oneOfEachType(): Record<string, unknown>[] {
  return Object.entries(EventType)
    .filter(([, n]) => typeof n === 'number' && Number(n) !== 0)
    .map(([name, n], i) => ({ eventId: i + 1, eventTime: time, eventType: n, taskId: i + 7, [attrsKey(name.replace(/^EVENT_TYPE_/, ''))]: {} }));
}

describe('history events on the short path', () => {
  it('writes the same bytes as the generated encoder for every event type', () => {
    const events = oneOfEachType();
    expect(events.length).toBeGreaterThan(50);
    const expected = generic(events);
    const spy = jest.spyOn(temporal.api.history.v1.HistoryEvent, 'encode');
    try {
      expect(short(events).equals(expected)).toBe(true);
      expect(spy).not.toHaveBeenCalled(); // every one of them took the short path
    } finally {
      spy.mockRestore();
    }
  });

  it('writes the same bytes for events with attributes, defaults, Longs and the fields after the attributes', () => {
    const events = [
      {
        eventId: 1,
        eventTime: time,
        eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
        taskId: 1,
        workflowExecutionStartedEventAttributes: {
          workflowType: { name: 'benchWorkflow' },
          taskQueue: tq,
          input: { payloads: [{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('100') }] },
          workflowExecutionTimeout: null,
          workflowTaskTimeout: { seconds: 10, nanos: 0 },
          identity: '1@host',
          continuedExecutionRunId: '',
          initiator: 0,
          attempt: 1,
          header: {},
        },
      },
      { eventId: Long.fromNumber(2), eventTime: time, eventType: 5, taskId: Long.fromNumber(2 ** 40), version: Long.ZERO, workflowTaskScheduledEventAttributes: { taskQueue: tq, attempt: 1 } },
      { eventId: 3, eventTime: null, eventType: 6, taskId: 0, version: 7, workerMayIgnore: false, workflowTaskStartedEventAttributes: { scheduledEventId: 2, identity: 'w', historySizeBytes: 0 } },
      {
        eventId: 4,
        eventTime: time,
        eventType: EventType.EVENT_TYPE_TIMER_STARTED,
        taskId: 4,
        timerStartedEventAttributes: { timerId: '1', startToFireTimeout: { seconds: 0, nanos: 100_000_000 }, workflowTaskCompletedEventId: 3 },
        workerMayIgnore: true,
        userMetadata: { summary: { data: Buffer.from('s') } },
        links: [{ workflowEvent: { namespace: 'default', workflowId: 'w', runId: 'r' } }, { workflowEvent: { namespace: 'other' } }],
        principal: { type: 'user', name: 'n' },
      },
      { eventId: 5, eventTime: time, eventType: EventType.EVENT_TYPE_TIMER_FIRED, taskId: 5, timerFiredEventAttributes: { timerId: '1', startedEventId: 4 }, links: [] },
    ];
    expect(short(events).equals(generic(events))).toBe(true);
  });

  it('falls back to the generated encoder for an event whose attributes are not where its type says', () => {
    const events = [
      { eventId: 1, eventType: EventType.EVENT_TYPE_TIMER_FIRED, timerStartedEventAttributes: { timerId: '1' } },
      { eventId: 2, eventType: EventType.EVENT_TYPE_TIMER_FIRED },
      { eventId: 3, eventType: 0, timerFiredEventAttributes: { timerId: '1' } },
      { eventId: 4, eventType: 9999, timerFiredEventAttributes: { timerId: '1' } },
    ];
    expect(short(events).equals(generic(events))).toBe(true);
  });

  it('writes decoded events (message instances) as the generated encoder does', () => {
    const decoded = History.decode(generic(oneOfEachType())).events;
    expect(short(decoded).equals(generic(decoded))).toBe(true);
  });
});

describe('frameEncoder', () => {
  const unframe = (frame: Buffer): Buffer => {
    expect(frame[0]).toBe(0);
    expect(frame.readUInt32BE(1)).toBe(frame.length - 5);
    return frame.subarray(5);
  };

  it('frames a response without history byte for byte as the generated encoder writes it', () => {
    const encode = frameEncoder(StartResponse as unknown as protobuf.Type);
    const res = { runId: 'run-1', started: true };
    expect(unframe(encode(res)).equals(Buffer.from(StartResponse.encode(res).finish()))).toBe(true);
  });

  it('frames a task poll whose decoded message equals the generated encoding, history included', () => {
    const encode = frameEncoder(PollResponse as unknown as protobuf.Type);
    const res = {
      taskToken: Buffer.from([1, 2, 3]),
      workflowExecution: { workflowId: 'wf', runId: 'run' },
      workflowType: { name: 'benchWorkflow' },
      previousStartedEventId: 3,
      startedEventId: 9,
      attempt: 1,
      history: { events: oneOfEachType() },
      workflowExecutionTaskQueue: tq,
      scheduledTime: time,
      queries: { q1: { queryType: 'state' } },
      messages: [],
    };
    const ours = PollResponse.decode(unframe(encode(res)));
    const theirs = PollResponse.decode(PollResponse.encode(res as unknown as temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse).finish());
    expect(PollResponse.toObject(ours, { longs: String })).toEqual(PollResponse.toObject(theirs, { longs: String }));
    expect(ours.history?.events).toHaveLength(res.history.events.length);
    // The caller's object is left as it was.
    expect(res.history.events).toHaveLength(oneOfEachType().length);
  });

  it('reuses its writer across answers without leaking bytes from a larger previous one', () => {
    const encode = frameEncoder(PollResponse as unknown as protobuf.Type);
    const big = encode({ taskToken: Buffer.alloc(5000, 7), history: { events: oneOfEachType() } });
    const small = encode({ taskToken: Buffer.from([9]) });
    expect(big.length).toBeGreaterThan(5000);
    expect(unframe(small).equals(Buffer.from(PollResponse.encode({ taskToken: Buffer.from([9]) }).finish()))).toBe(true);
  });

  it('recovers after an encoding that failed inside a nested message', () => {
    const encode = frameEncoder(PollResponse as unknown as protobuf.Type);
    const failing = {
      workflowExecution: {
        get workflowId(): string {
          throw new Error('unreadable');
        },
      },
    };
    expect(() => encode(failing)).toThrow('unreadable');
    const res = { taskToken: Buffer.from([1]), workflowExecution: { workflowId: 'wf' } };
    expect(unframe(encode(res)).equals(Buffer.from(PollResponse.encode(res).finish()))).toBe(true);
  });
});
