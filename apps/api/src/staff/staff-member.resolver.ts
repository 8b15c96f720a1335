import { Inject } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GraphQLUUID } from '../graphql/uuid.scalar';
import { type IdentitySettings, StaffAdminService } from '@lib/organisations';
import { type Actor } from '../auth/actor';
import { CurrentActor, type RequestMeta, RequestInfo } from '../auth/current-actor.decorator';
import { IDENTITY_SETTINGS } from '../auth/identity-settings';
import { AddStaffMemberInput, StaffActivationInput, UpdateStaffMemberInput } from './staff-member.input';
import { StaffMemberModel } from './staff-member.model';
import { presentStaffMember } from './staff-member.presenter';

/** Only the fields the client sent (GraphQL leaves absent nullable fields undefined; null means "clear"). */
function given(input: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

@Resolver(() => StaffMemberModel)
export class StaffMemberResolver {
  constructor(
    @Inject(StaffAdminService) private readonly staff: StaffAdminService,
    @Inject(IDENTITY_SETTINGS) private readonly identity: IdentitySettings,
  ) {}

  @Query(() => [StaffMemberModel], {
    description:
      'An organisation’s staff (its administrators and case workers; the coordinator’s administrators: any).',
  })
  async staffMembers(
    @CurrentActor() actor: Actor,
    @Args('organisationId', { type: () => GraphQLUUID }) organisationId: string,
  ): Promise<StaffMemberModel[]> {
    return (await this.staff.list(actor, organisationId)).map((s) => presentStaffMember(s, actor));
  }

  @Mutation(() => StaffMemberModel, {
    description:
      'An organisation administrator adds a member to their organisation. Idempotent per idempotencyKey.',
  })
  async addStaffMember(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: AddStaffMemberInput,
  ): Promise<StaffMemberModel> {
    return presentStaffMember(await this.staff.add(actor, given(input), this.identity, meta), actor);
  }

  @Mutation(() => StaffMemberModel, {
    description: 'Roles, supervisor, preferred language, display name, identity link; at expectedVersion.',
  })
  async updateStaffMember(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: UpdateStaffMemberInput,
  ): Promise<StaffMemberModel> {
    return presentStaffMember(await this.staff.update(actor, given(input), this.identity, meta), actor);
  }

  @Mutation(() => StaffMemberModel, {
    description:
      'The member’s next request is refused, whatever token they hold. The last administrator cannot deactivate themself.',
  })
  async deactivateStaffMember(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: StaffActivationInput,
  ): Promise<StaffMemberModel> {
    return presentStaffMember(await this.staff.setActive(actor, input, false, meta), actor);
  }

  @Mutation(() => StaffMemberModel)
  async reactivateStaffMember(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: StaffActivationInput,
  ): Promise<StaffMemberModel> {
    return presentStaffMember(await this.staff.setActive(actor, input, true, meta), actor);
  }
}
