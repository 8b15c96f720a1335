import { Module } from '@nestjs/common';
import { AgencyPerformanceService } from './agency-performance.service';

/** Needs the global PersistenceModule (DataSource). */
@Module({ providers: [AgencyPerformanceService], exports: [AgencyPerformanceService] })
export class MonitoringModule {}
