import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One append-only, hash-chained audit event, on one of its organisation's lanes (`chainId`: lane 0 is the organisation
 * id, see audit-lanes.ts); `seq` is taken inside the lane's head lock. Never contains personal data: `fields` are
 * field NAMES, everything else ids and codes.
 * UPDATE, DELETE and TRUNCATE are rejected by database triggers. Write with `AuditWriter.record`, never directly.
 */
@Entity({ name: 'audit_events' })
export class AuditEventEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid' })
  chainId!: string;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  seq!: number;

  @Column({ type: 'uuid' })
  actorId!: string;

  @Column({ type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text' })
  subjectType!: string;

  @Column({ type: 'text' })
  subjectId!: string;

  @Column({ type: 'uuid', nullable: true })
  caseId!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  fields!: string[];

  @Column({ type: 'text', nullable: true })
  purpose!: string | null;

  @Column({ type: 'text', nullable: true })
  justification!: string | null;

  @Column({ type: 'boolean', default: false })
  breakGlass!: boolean;

  @Column({ type: 'text', nullable: true })
  requestId!: string | null;

  @Column({ type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'text' })
  prevHash!: string;

  @Column({ type: 'text' })
  hash!: string;
}
