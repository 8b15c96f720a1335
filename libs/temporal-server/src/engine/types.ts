/**
 * Engine state. Everything here is plain data (no timers, promises or sockets) so that a persistence layer can store and
 * reload it; clock timers are keyed by strings derived from this state (see timer-keys.ts) and re-armed from it.
 */
import type {
  IFailure,
  IHeader,
  IHistoryEvent,
  IMemo,
  IPayloads,
  ISearchAttributes,
  IWorkflowQuery,
} from '../proto/types';
import type { temporal } from '../proto/types';
import type { NormalRetryPolicy } from './activities';

export type UpdateRequest = temporal.api.update.v1.IRequest;
export type UpdateOutcome = temporal.api.update.v1.IOutcome;

export interface WorkflowTaskState {
  scheduledEventId: number;
  startedEventId: number;
  attempt: number;
  status: 'scheduled' | 'started';
  scheduledTimeMs: number;
  startedTimeMs: number;
  /** Query ids delivered with this task (answered through queryResults). */
  queryIds: string[];
  /** Update ids whose requests were delivered with this task. */
  updateIds: string[];
}

export interface ActivityState {
  scheduledEventId: number;
  activityId: string;
  activityType: string;
  taskQueue: string;
  input: IPayloads | null;
  header: IHeader | null;
  retryPolicy: NormalRetryPolicy;
  scheduleToCloseMs: number;
  scheduleToStartMs: number;
  startToCloseMs: number;
  heartbeatMs: number;
  scheduledTimeMs: number;
  attempt: number;
  attemptScheduledTimeMs: number;
  status: 'scheduled' | 'started' | 'backoff';
  startedTimeMs: number;
  identity: string;
  heartbeatDetails: IPayloads | null;
  lastHeartbeatMs: number;
  lastFailure: IFailure | null;
  cancelRequested: boolean;
  cancelRequestedEventId: number;
}

export interface ChildState {
  initiatedEventId: number;
  namespace: string;
  workflowId: string;
  workflowType: string;
  runId: string;
  startedEventId: number;
  parentClosePolicy: number;
}

export interface UpdateState {
  updateId: string;
  request: UpdateRequest;
  status: 'requested' | 'delivered' | 'accepted' | 'completed' | 'rejected';
  acceptedEventId: number;
  outcome: UpdateOutcome | null;
}

export interface QueryState {
  queryId: string;
  query: IWorkflowQuery;
  /** 'attached' rides on the next workflow task; 'legacy' is a stand-alone query task. */
  mode: 'attached' | 'legacy';
}

/** An event waiting for the in-flight workflow task to finish; `fix` resolves ids known only when it is written. */
export interface BufferedEvent {
  type: string;
  attrs: Record<string, unknown>;
  fix?: { startedEventIdFromPrevious?: boolean; childStartedOf?: number };
  /** Called after write: child started event records its id. */
  childStartedFor?: number;
}

export interface ParentInfo {
  namespace: string;
  workflowId: string;
  runId: string;
  initiatedEventId: number;
}

export interface Execution {
  namespace: string;
  workflowId: string;
  runId: string;
  firstRunId: string;
  workflowType: string;
  taskQueue: string;
  status: number;
  history: IHistoryEvent[];
  startTimeMs: number;
  closeTimeMs: number;
  requestId: string;
  input: IPayloads | null;
  header: IHeader | null;
  memo: IMemo | null;
  searchAttributes: ISearchAttributes | null;
  runTimeoutMs: number;
  executionTimeoutMs: number;
  taskTimeoutMs: number;
  /** Absolute virtual time the run times out (0 = never). */
  runDeadlineMs: number;
  parent: ParentInfo | null;
  wft: WorkflowTaskState | null;
  previousStartedEventId: number;
  buffered: BufferedEvent[];
  activities: Map<number, ActivityState>;
  timers: Map<string, number>;
  children: Map<number, ChildState>;
  updates: Map<string, UpdateState>;
  queries: Map<string, QueryState>;
  cancelRequested: boolean;
  newExecutionRunId: string;
  nextTaskId: number;
  workflowIdReusePolicy: number;
  /** Sticky queue of the worker that completed the last task (its cached run); unset = normal queue. */
  stickyQueue?: string;
  stickyScheduleToStartMs?: number;
  /** Request ids of the signals already delivered (most recent last, bounded): a retried signal is applied once. */
  signalRequestIds?: string[];
  /** Workflow retry policy (normalised) the run was started with; each retry is a new run of the chain. */
  retryPolicy?: NormalRetryPolicy | null;
  /** Attempt of this run under the retry policy (1 for the first run and for every cron run). */
  attempt?: number;
  cronSchedule?: string;
  /** Absolute virtual time the whole chain times out (workflow execution timeout; 0 = never). */
  expirationMs?: number;
  /** First workflow task is held back until this virtual time (retry or cron backoff); 0 once it is due. */
  firstTaskAtMs?: number;
  /** Result of the last completed run of a cron chain, carried to the next runs. */
  lastCompletionResult?: IPayloads | null;
}

export type WorkflowTaskRef = { kind: 'wft'; runId: string; scheduledEventId: number; attempt: number; sticky?: boolean } | { kind: 'query'; runId: string; queryId: string };
/** `standalone`: an attempt of a standalone activity (runId is the activity's run; scheduledEventId unused). */
export type ActivityTaskRef = { runId: string; scheduledEventId: number; attempt: number; standalone?: boolean };
export type { IFailure, IPayloads };
