import { Global, Module } from '@nestjs/common';
import { AuditSigningKey, processAuditSigningKey } from './audit-signing-key';
import { AuditVerifier } from './audit-verifier';
import { AuditWriter } from './audit-writer';
import { ReadAuditBatcher } from './read-audit-batcher';

/** The audit writer, the read-audit batcher and the verifier; the signing key is loaded (and validated) when the module starts. */
@Global()
@Module({
  providers: [{ provide: AuditSigningKey, useFactory: () => processAuditSigningKey() }, AuditWriter, AuditVerifier, ReadAuditBatcher],
  exports: [AuditSigningKey, AuditWriter, AuditVerifier, ReadAuditBatcher],
})
export class AuditModule {}
