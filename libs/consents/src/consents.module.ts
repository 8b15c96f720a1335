import { Module } from '@nestjs/common';
import { CasesModule } from '@lib/cases';
import { ConsentRecordingService } from './consent-recording.service';

@Module({ imports: [CasesModule], providers: [ConsentRecordingService], exports: [ConsentRecordingService] })
export class ConsentsModule {}
