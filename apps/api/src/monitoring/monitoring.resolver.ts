import { Inject } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { RegionStatusService } from '@lib/cases';
import { type Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { RegionCaseStatusModel } from './region-case-status.model';

@Resolver(() => RegionCaseStatusModel)
export class MonitoringResolver {
  constructor(@Inject(RegionStatusService) private readonly regionStatus: RegionStatusService) {}

  @Query(() => [RegionCaseStatusModel], { description: 'Monitoring officers: de-identified status of the cases of your region.' })
  async regionCaseStatus(@CurrentActor() actor: Actor): Promise<RegionCaseStatusModel[]> {
    return (await this.regionStatus.list(actor)).map((r) => Object.assign(new RegionCaseStatusModel(), r));
  }
}
