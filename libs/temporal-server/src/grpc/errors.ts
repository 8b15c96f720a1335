import { status } from '@grpc/grpc-js';

/** An error that maps onto a gRPC status code (the SDK client maps ALREADY_EXISTS, NOT_FOUND, ... to typed errors). */
export class RpcError extends Error {
  constructor(
    readonly code: status,
    message: string,
    /** An encoded google.rpc.Status sent as `grpc-status-details-bin` (typed error details the SDK decodes). */
    readonly statusDetails?: Uint8Array,
  ) {
    super(message);
  }
}

export const notFound = (m: string): RpcError => new RpcError(status.NOT_FOUND, m);
export const invalidArgument = (m: string): RpcError => new RpcError(status.INVALID_ARGUMENT, m);
/**
 * A workflow task completion that tried to close the run while new events were waiting: the exact message SDK Core
 * (and the Go, Java and Ruby SDKs) recognise, as the reference server answers it.
 */
export const unhandledCommand = (): RpcError => new RpcError(status.INVALID_ARGUMENT, 'UnhandledCommand');
export const alreadyExists = (m: string): RpcError => new RpcError(status.ALREADY_EXISTS, m);
export const failedPrecondition = (m: string): RpcError => new RpcError(status.FAILED_PRECONDITION, m);
export const unimplemented = (m: string): RpcError => new RpcError(status.UNIMPLEMENTED, m);
export const deadlineExceeded = (m: string): RpcError => new RpcError(status.DEADLINE_EXCEEDED, m);
