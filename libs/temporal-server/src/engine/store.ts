/**
 * The store boundary. All engine state (executions with their history, pending tasks, timers-as-data) lives here and
 * every mutation happens inside `transaction()`: one per RPC or timer firing. Mutated executions are marked with
 * `touch()`; at commit the dirty set is handed to the commit listeners. Today there are none (memory only); the
 * PostgreSQL follow-up registers one that writes the dirty executions (and new history events) before the RPC answers.
 */
import type { Execution } from './types';
import { notFound } from '../grpc/errors';

export type CommitListener = (dirty: readonly Execution[], reason: string) => void;
export type RemoveListener = (runIds: readonly string[]) => void;

export class Store {
  private readonly executions = new Map<string, Execution>();
  /** (namespace, workflowId) -> current (latest) run id */
  private readonly current = new Map<string, string>();
  private dirty = new Set<Execution>();
  private depth = 0;
  private readonly listeners: CommitListener[] = [];
  private readonly removeListeners: RemoveListener[] = [];

  onCommit(listener: CommitListener): void {
    this.listeners.push(listener);
  }

  /** Called with the run ids that `remove` forgets (persistence deletes their rows). */
  onRemove(listener: RemoveListener): void {
    this.removeListeners.push(listener);
  }

  transaction<T>(reason: string, fn: () => T): T {
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
      if (this.depth === 0 && this.dirty.size > 0) {
        if (this.listeners.length === 0) {
          this.dirty.clear(); // memory only: nobody to hand the dirty set to
        } else {
          const d = [...this.dirty];
          this.dirty = new Set();
          for (const l of this.listeners) l(d, reason);
        }
      }
    }
  }

  touch(e: Execution): void {
    this.dirty.add(e);
  }

  insert(e: Execution): void {
    this.executions.set(e.runId, e);
    this.current.set(key(e.namespace, e.workflowId), e.runId);
    this.touch(e);
  }

  /** Forgets a run for good (retention, DeleteWorkflowExecution). If it was its workflow id's current run, the id has no current run. */
  remove(e: Execution): void {
    this.executions.delete(e.runId);
    this.dirty.delete(e);
    const k = key(e.namespace, e.workflowId);
    if (this.current.get(k) === e.runId) this.current.delete(k);
    for (const l of this.removeListeners) l([e.runId]);
  }

  byRunId(runId: string): Execution | undefined {
    return this.executions.get(runId);
  }

  currentRun(namespace: string, workflowId: string): Execution | undefined {
    const runId = this.current.get(key(namespace, workflowId));
    return runId ? this.executions.get(runId) : undefined;
  }

  /** runId given: that run (of that workflow id); otherwise the latest run. NOT_FOUND if none. */
  find(namespace: string, workflowId: string, runId?: string | null): Execution {
    const e = runId ? this.executions.get(runId) : this.currentRun(namespace, workflowId);
    if (!e || e.workflowId !== workflowId || e.namespace !== namespace) {
      throw notFound(`workflow execution not found for WorkflowId ${workflowId}${runId ? ` and RunId ${runId}` : ''}`);
    }
    return e;
  }

  all(): IterableIterator<Execution> {
    return this.executions.values();
  }
}

function key(namespace: string, workflowId: string): string {
  return `${namespace}\u0000${workflowId}`;
}
