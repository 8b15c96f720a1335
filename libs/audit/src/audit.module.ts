import { Global, Module } from '@nestjs/common';
import { AuditSigningKey, processAuditSigningKey } from './audit-signing-key';
import { AuditVerifier } from './audit-verifier';
import { AuditWriter } from './audit-writer';

/** The audit writer and verifier; the signing key is loaded (and validated) when the module starts. */
@Global()
@Module({
  providers: [{ provide: AuditSigningKey, useFactory: () => processAuditSigningKey() }, AuditWriter, AuditVerifier],
  exports: [AuditSigningKey, AuditWriter, AuditVerifier],
})
export class AuditModule {}
