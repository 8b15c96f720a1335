import { ServiceError, WorkflowNotFoundError } from '@temporalio/client';
import { isWorkflowEngineUnavailable } from './engine-unavailable';

const grpc = (code: number): Error => Object.assign(new Error('grpc'), { code });

describe('isWorkflowEngineUnavailable', () => {
  it('is true for a call the engine did not answer: DEADLINE_EXCEEDED or UNAVAILABLE', () => {
    expect(isWorkflowEngineUnavailable(new ServiceError('x', { cause: grpc(4) }))).toBe(true);
    expect(isWorkflowEngineUnavailable(new ServiceError('x', { cause: grpc(14) }))).toBe(true);
  });

  it('is false for answers and rejections: any other status, a missing workflow, other errors', () => {
    expect(isWorkflowEngineUnavailable(new ServiceError('x', { cause: grpc(3) }))).toBe(false); // INVALID_ARGUMENT
    expect(isWorkflowEngineUnavailable(new ServiceError('x'))).toBe(false);
    expect(isWorkflowEngineUnavailable(new WorkflowNotFoundError('x', 'w', undefined))).toBe(false);
    expect(isWorkflowEngineUnavailable(Object.assign(new Error('x'), { code: 14 }))).toBe(false);
    expect(isWorkflowEngineUnavailable(undefined)).toBe(false);
  });
});
