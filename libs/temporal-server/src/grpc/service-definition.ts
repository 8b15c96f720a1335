/**
 * Hand-built grpc-js service definitions over the @temporalio/proto protobufjs root (no proto-loader: protobufjs keeps
 * `google.protobuf.Any.type_url` snake_case and encodes longs/bytes/enums exactly like the SDK client).
 */
import type { ServiceDefinition, MethodDefinition } from '@grpc/grpc-js';
import type * as protobuf from 'protobufjs';
import { frameEncoder, type FrameEncoder } from './response-encoding';

export interface BuiltService {
  name: string;
  definition: ServiceDefinition;
  methods: string[];
  /** Per method: the response encoded straight into its gRPC frame (what the transport sends). */
  responseFrames: Record<string, FrameEncoder>;
}

export function buildService(serviceReflection: unknown): BuiltService {
  const service = serviceReflection as protobuf.Service;
  service.resolveAll();
  const definition: Record<string, MethodDefinition<unknown, unknown>> = {};
  const methods: string[] = [];
  const responseFrames: Record<string, FrameEncoder> = {};
  const fullName = service.fullName.replace(/^\./, '');
  for (const m of service.methodsArray) {
    if (m.requestStream || m.responseStream) continue;
    const req = m.resolvedRequestType;
    const res = m.resolvedResponseType;
    if (!req || !res) throw new Error(`unresolved types for ${fullName}/${m.name}`);
    definition[m.name] = {
      path: `/${fullName}/${m.name}`,
      requestStream: false,
      responseStream: false,
      requestSerialize: (v: unknown) => asBuffer(req.encode(v as protobuf.Message).finish()),
      requestDeserialize: (b: Buffer) => req.decode(b),
      responseSerialize: (v: unknown) => asBuffer(res.encode(v as protobuf.Message).finish()),
      responseDeserialize: (b: Buffer) => res.decode(b),
      originalName: m.name,
    };
    responseFrames[m.name] = frameEncoder(res);
    methods.push(m.name);
  }
  return { name: fullName, definition, methods, responseFrames };
}

/** The encoder's bytes as a Buffer without copying them (protobufjs already returns a Buffer under Node). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
