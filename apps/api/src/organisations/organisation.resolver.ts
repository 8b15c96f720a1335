import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { Action, defineAbilityFor } from '@lib/authz';
import { DomainError, OrganisationType } from '@lib/domain';
import { OrganisationDirectory } from '@lib/organisations';
import { type Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { OrganisationModel } from './organisation.model';

@Resolver(() => OrganisationModel)
export class OrganisationResolver {
  constructor(@Inject(OrganisationDirectory) private readonly directory: OrganisationDirectory) {}

  @Query(() => [OrganisationModel], { description: 'The directory of organisations (to choose a referral recipient).' })
  async organisations(
    @CurrentActor() actor: Actor,
    @Args('type', { type: () => OrganisationType, nullable: true }) type?: OrganisationType | null,
    @Args('region', { type: () => String, nullable: true }) region?: string | null,
  ): Promise<OrganisationModel[]> {
    if (!defineAbilityFor(actor).can(Action.Read, 'Organisation')) throw DomainError.forbidden();
    const rows = await this.directory.list({ type, region });
    return rows.map((o) => Object.assign(new OrganisationModel(), { id: o.id, name: o.name, type: o.type, region: o.region, services: o.services }));
  }
}
