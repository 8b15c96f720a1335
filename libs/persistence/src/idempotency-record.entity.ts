import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The first outcome of an idempotent operation, keyed by (actor, client-supplied key). */
@Entity({ name: 'idempotency_records' })
export class IdempotencyRecordEntity {
  @PrimaryColumn({ type: 'uuid' })
  actorId!: string;

  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  operation!: string;

  /** SHA-256 (hex) of the canonical request; a reuse of the key with another request is a conflict. */
  @Column({ type: 'text' })
  requestHash!: string;

  /** Id of what the first run produced; null only while that first run's transaction is open. */
  @Column({ type: 'text', nullable: true })
  resultId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
