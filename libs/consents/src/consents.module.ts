import { Module } from '@nestjs/common';
import { CasesModule } from '@lib/cases';
import { ConsentQueryService } from './consent-query.service';
import { ConsentRecordingService } from './consent-recording.service';

@Module({ imports: [CasesModule], providers: [ConsentRecordingService, ConsentQueryService], exports: [ConsentRecordingService, ConsentQueryService] })
export class ConsentsModule {}
