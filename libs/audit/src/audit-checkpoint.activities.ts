import {
  type AuditCheckpointActivities,
  AUDIT_CHECKPOINT_DEFAULT_INTERVAL_MS,
  type WriteAuditCheckpointResult,
} from '@lib/contracts';
import { type DataSource } from 'typeorm';
import { type AuditCheckpointStore } from './audit-checkpoint-store';
import { AuditCheckpointer } from './audit-checkpointer';
import { type AuditSigningKey } from './audit-signing-key';

/**
 * AUDIT_CHECKPOINT_INTERVAL_MINUTES (a positive number, at most a day; default 15): validated at worker start with an
 * error naming the variable.
 */
export function auditCheckpointIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.AUDIT_CHECKPOINT_INTERVAL_MINUTES;
  if (raw === undefined || raw.trim() === '') return AUDIT_CHECKPOINT_DEFAULT_INTERVAL_MS;
  const minutes = Number(raw);
  if (!Number.isFinite(minutes) || minutes < 0.05 || minutes > 24 * 60) {
    throw new Error('AUDIT_CHECKPOINT_INTERVAL_MINUTES must be a number of minutes between 0.05 and 1440');
  }
  return Math.round(minutes * 60_000);
}

export interface AuditCheckpointActivityOptions {
  dataSource: DataSource;
  key: AuditSigningKey;
  store: AuditCheckpointStore;
  intervalMs: number;
  /** Called with ids and counts only (the worker logs withheld chains). */
  onWithheld?: (withheld: { chainId: string; seq: number }[]) => void;
}

/** The checkpoint activity, for `Worker.create({ activities })` (thin: the checkpointer does the work). */
export function auditCheckpointActivities(
  options: AuditCheckpointActivityOptions,
): AuditCheckpointActivities {
  const checkpointer = new AuditCheckpointer(options.dataSource, options.key, options.store);
  return {
    writeAuditCheckpoint: async (): Promise<WriteAuditCheckpointResult> => {
      // Each attempt takes a fresh checkpoint (a retry writes another file: harmless, the newest one counts).
      const result = await checkpointer.checkpoint();
      if (result.withheld.length > 0) options.onWithheld?.(result.withheld);
      return { chains: result.chains, withheld: result.withheld.length, nextInMs: options.intervalMs };
    },
  };
}
