import { Module } from '@nestjs/common';
import { AgencyPerformanceService } from './agency-performance.service';
import { ContactStatisticsService } from './contact-statistics.service';
import { RiskStatisticsService } from './risk-statistics.service';

/** Needs the global PersistenceModule (DataSource). */
@Module({
  providers: [AgencyPerformanceService, ContactStatisticsService, RiskStatisticsService],
  exports: [AgencyPerformanceService, ContactStatisticsService, RiskStatisticsService],
})
export class MonitoringModule {}
