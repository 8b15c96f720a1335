import { Module } from '@nestjs/common';
import { CasesModule } from '@lib/cases';
import { DostIntakeService } from './dost-intake.service';

/** DOST intake checks, start record and progress read model. Needs the global PersistenceModule and AuditModule. */
@Module({ imports: [CasesModule], providers: [DostIntakeService], exports: [DostIntakeService] })
export class DostIntakeModule {}
