import { Module } from '@nestjs/common';
import { AgencyPerformanceService } from './agency-performance.service';
import { ContactStatisticsService } from './contact-statistics.service';

/** Needs the global PersistenceModule (DataSource). */
@Module({ providers: [AgencyPerformanceService, ContactStatisticsService], exports: [AgencyPerformanceService, ContactStatisticsService] })
export class MonitoringModule {}
