import { Global, Module } from '@nestjs/common';
import { AuditVerifier } from './audit-verifier';
import { AuditWriter } from './audit-writer';

@Global()
@Module({ providers: [AuditWriter, AuditVerifier], exports: [AuditWriter, AuditVerifier] })
export class AuditModule {}
