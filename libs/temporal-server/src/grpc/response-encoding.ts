/**
 * Response encoding for the transport: each answer is encoded straight into its gRPC frame (the 5-byte
 * length-prefixed message) through one reused protobufjs writer, and history events take a short path.
 *
 * - One writer for every answer (encoding is synchronous, so answers never interleave): no fresh 128-byte buffer
 *   doubled and copied as a poll response grows, one copy into the frame instead of a copy for `finish()` and another
 *   for the frame.
 * - A history event is written as the generated HistoryEvent encoder writes it (same fields, same order, same bytes:
 *   `response-encoding.spec.ts`), but the attributes field is looked up by event type instead of testing each of
 *   the ~60 attribute fields of the oneof on every event. An event whose attributes are not where its type says falls
 *   back to the generated encoder.
 * - A response with a `history` field (task polls, history pages) is written without it by the generated encoder, then
 *   the history field is appended. Protobuf parsers accept fields in any order, so only the position differs from the
 *   generated encoder's output, not the decoded message.
 */
import * as protobuf from 'protobufjs';
import { temporal } from '@temporalio/proto';
import { attrsKey } from '../proto/types';

const HistoryEventType = temporal.api.history.v1.HistoryEvent as unknown as protobuf.Type;
const HistoryType = temporal.api.history.v1.History as unknown as protobuf.Type;
HistoryEventType.resolveAll();

interface AttrField {
  name: string;
  tag: number;
  type: protobuf.Type;
}

/** Wire tag of a length-delimited field. */
const lenTag = (id: number): number => ((id << 3) | 2) >>> 0;

/** Event type number -> its attributes field. */
const ATTRS = new Map<number, AttrField>();
for (const [name, value] of Object.entries(temporal.api.enums.v1.EventType)) {
  const n = Number(value);
  if (typeof value !== 'number' || n === 0) continue;
  const f = HistoryEventType.fields[attrsKey(name.replace(/^EVENT_TYPE_/, ''))];
  if (f?.partOf && f.resolvedType instanceof protobuf.Type) ATTRS.set(n, { name: f.name, tag: lenTag(f.id), type: f.resolvedType });
}

/**
 * The fields outside the attributes oneof, in field-number order (eventId..taskId come before the attributes, ids
 * 6.., the rest, 300.., after), written as the generated encoder writes them: proto3 scalars only when not the
 * default, messages when set, repeated messages when not empty. The short path is used only when HistoryEvent has
 * exactly these fields (a newer proto falls back to the generated encoder for every event).
 */
const ENVELOPE = ['eventId', 'eventTime', 'eventType', 'version', 'taskId', 'workerMayIgnore', 'userMetadata', 'links', 'principal', 'eventGroupMarkers'];
const envelopeFields = HistoryEventType.fieldsArray.filter((f) => !f.partOf).sort((a, b) => a.id - b.id);
const SHORT_PATH = envelopeFields.map((f) => f.name).join() === ENVELOPE.join() && ATTRS.size > 0;
const F = Object.fromEntries(envelopeFields.map((f) => [f.name, f])) as Record<string, protobuf.Field>;
const typeOf = (name: string): protobuf.Type => F[name]!.resolvedType as protobuf.Type;
const TAG = Object.fromEntries(envelopeFields.map((f) => [f.name, lenTag(f.id)])) as Record<string, number>;
/** Scalar tags (varint wire type). */
const VTAG = Object.fromEntries(envelopeFields.map((f) => [f.name, (f.id << 3) >>> 0])) as Record<string, number>;

type Int64 = number | { low: number; high: number } | null | undefined;
type Loose = Record<string, unknown>;

const own = (m: object, k: string): boolean => Object.prototype.hasOwnProperty.call(m, k);
const nonZero64 = (v: Int64): boolean => (v == null ? false : typeof v === 'object' ? (v.low | v.high) !== 0 : v !== 0);

function writeEvent(m: Loose, w: protobuf.Writer): void {
  const attr = ATTRS.get(m.eventType as number);
  const attrs = attr && own(m, attr.name) ? (m[attr.name] as Loose | null | undefined) : undefined;
  if (!SHORT_PATH || !attr || attrs == null) {
    HistoryEventType.encode(m, w);
    return;
  }
  if (own(m, 'eventId') && nonZero64(m.eventId as Int64)) w.uint32(VTAG.eventId!).int64(m.eventId as number);
  if (m.eventTime != null && own(m, 'eventTime')) typeOf('eventTime').encode(m.eventTime, w.uint32(TAG.eventTime!).fork()).ldelim();
  if (own(m, 'eventType') && m.eventType !== 0 && m.eventType != null) w.uint32(VTAG.eventType!).int32(m.eventType as number);
  if (own(m, 'version') && nonZero64(m.version as Int64)) w.uint32(VTAG.version!).int64(m.version as number);
  if (own(m, 'taskId') && nonZero64(m.taskId as Int64)) w.uint32(VTAG.taskId!).int64(m.taskId as number);
  attr.type.encode(attrs, w.uint32(attr.tag).fork()).ldelim();
  if (m.workerMayIgnore === true && own(m, 'workerMayIgnore')) w.uint32(VTAG.workerMayIgnore!).bool(true);
  if (m.userMetadata != null && own(m, 'userMetadata')) typeOf('userMetadata').encode(m.userMetadata, w.uint32(TAG.userMetadata!).fork()).ldelim();
  const links = m.links as Loose[] | null | undefined;
  if (links != null && links.length > 0) for (const l of links) typeOf('links').encode(l, w.uint32(TAG.links!).fork()).ldelim();
  if (m.principal != null && own(m, 'principal')) typeOf('principal').encode(m.principal, w.uint32(TAG.principal!).fork()).ldelim();
  const markers = m.eventGroupMarkers as Loose[] | null | undefined;
  if (markers != null && markers.length > 0) for (const g of markers) typeOf('eventGroupMarkers').encode(g, w.uint32(TAG.eventGroupMarkers!).fork()).ldelim();
}

/** Writes a History message's fields (its repeated `events`) into `w`, as `History.encode` would. */
export function writeHistory(history: Loose, w: protobuf.Writer): void {
  const events = history.events as Loose[] | null | undefined;
  if (events == null || events.length === 0 || HistoryType.fieldsArray.length !== 1) {
    HistoryType.encode(history, w);
    return;
  }
  for (const ev of events) {
    w.uint32(10).fork();
    writeEvent(ev, w);
    w.ldelim();
  }
}

/** Encodes one answer of `type` into a gRPC frame. */
export type FrameEncoder = (message: unknown) => Buffer;

let writer = protobuf.Writer.create();
/** A writer that grew past this is dropped after use, so one huge answer does not pin its buffer. */
const KEEP_BYTES = 1 << 20;

/** The frame encoder for a response type: history fields take the short path. */
export function frameEncoder(type: protobuf.Type): FrameEncoder {
  type.resolveAll();
  const historyField = type.fieldsArray.find((f) => !f.repeated && !f.map && f.resolvedType === HistoryType);
  const historyName = historyField?.name;
  const historyTag = historyField ? lenTag(historyField.id) : 0;
  return (message) => {
    const w = writer;
    w.reset();
    try {
      // Room for the frame header (compressed flag + 4-byte length), filled in below.
      w.fixed32(0).uint32(0);
      const m = message as Loose;
      const history = historyName ? (m[historyName] as Loose | null | undefined) : undefined;
      if (history != null && own(m, historyName!)) {
        type.encode({ ...m, [historyName!]: undefined }, w);
        writeHistory(history, w.uint32(historyTag).fork());
        w.ldelim();
      } else {
        type.encode(m, w);
      }
      const frame = Buffer.allocUnsafe(w.len);
      w.finishInto(frame, 0);
      frame[0] = 0;
      frame.writeUInt32BE(w.len - 5, 1);
      return frame;
    } catch (err) {
      writer = protobuf.Writer.create(); // a failed encode may leave forks open
      throw err;
    } finally {
      if (w.len > KEEP_BYTES) writer = protobuf.Writer.create();
    }
  };
}
