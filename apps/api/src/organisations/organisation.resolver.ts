import { Inject } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Optional } from '@nestjs/common';
import { SYSTEM_ACTOR_ID } from '@lib/audit';
import { Action, defineAbilityFor } from '@lib/authz';
import { DomainError, OrganisationType } from '@lib/domain';
import { OrganisationAdminService, OrganisationDirectory } from '@lib/organisations';
import { RECIPIENT_DEACTIVATED_REASON, RecipientDeactivationService } from '@lib/referrals';
import { ReferralProcessClient } from '@lib/temporal';
import { type Actor } from '../auth/actor';
import { CurrentActor, type RequestMeta, RequestInfo } from '../auth/current-actor.decorator';
import {
  CreateOrganisationInput,
  DeactivateOrganisationInput,
  DeactivateOrganisationResult,
  UpdateOrganisationInput,
} from './organisation-admin.input';
import { OrganisationModel } from './organisation.model';
import { presentOrganisation } from './organisation.presenter';

@Resolver(() => OrganisationModel)
export class OrganisationResolver {
  constructor(
    @Inject(OrganisationDirectory) private readonly directory: OrganisationDirectory,
    @Inject(OrganisationAdminService) private readonly admin: OrganisationAdminService,
    @Inject(RecipientDeactivationService) private readonly deactivation: RecipientDeactivationService,
    /** Absent only when a test builds the app without Temporal (see ReferralResolver). */
    @Optional() @Inject(ReferralProcessClient) private readonly process?: ReferralProcessClient,
  ) {}

  @Query(() => [OrganisationModel], {
    description: 'The directory of organisations (to choose a referral recipient).',
  })
  async organisations(
    @CurrentActor() actor: Actor,
    @Args('type', { type: () => OrganisationType, nullable: true }) type?: OrganisationType | null,
    @Args('region', { type: () => String, nullable: true }) region?: string | null,
    @Args('includeInactive', {
      type: () => Boolean,
      nullable: true,
      description: 'Also deactivated organisations.',
    })
    includeInactive?: boolean | null,
  ): Promise<OrganisationModel[]> {
    if (!defineAbilityFor(actor).can(Action.Read, 'Organisation')) throw DomainError.forbidden();
    const rows = await this.directory.list({ type, region, includeInactive });
    const covered = await this.admin.coveredRegions(
      rows.filter((o) => o.type === OrganisationType.MONITORING_GROUP).map((o) => o.id),
    );
    return rows.map((o) => presentOrganisation(o, covered.get(o.id) ?? []));
  }

  @Mutation(() => OrganisationModel, {
    description: 'The coordinator’s administrators add an organisation. Idempotent per idempotencyKey.',
  })
  async createOrganisation(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: CreateOrganisationInput,
  ): Promise<OrganisationModel> {
    const { organisation, coveredRegions } = await this.admin.create(actor, { ...input }, meta);
    return presentOrganisation(organisation, coveredRegions);
  }

  @Mutation(() => OrganisationModel, {
    description: 'Replaces an organisation’s definition at expectedVersion (its type cannot change).',
  })
  async updateOrganisation(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: UpdateOrganisationInput,
  ): Promise<OrganisationModel> {
    const { organisation, coveredRegions } = await this.admin.update(actor, { ...input }, meta);
    return presentOrganisation(organisation, coveredRegions);
  }

  @Mutation(() => DeactivateOrganisationResult, {
    description:
      'Deactivates an organisation: it receives no new referrals, and its pending referrals go back to their senders with a REROUTE task. Repeating it finishes an interrupted sweep.',
  })
  async deactivateOrganisation(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: DeactivateOrganisationInput,
  ): Promise<DeactivateOrganisationResult> {
    const { organisation, pendingReferralIds } = await this.admin.deactivate(actor, input, meta);
    for (const referralId of pendingReferralIds) {
      if (this.process) {
        // Through the referral's workflow (it stops waiting for a response); one update per referral and request.
        await this.process.declineReferral(referralId, SYSTEM_ACTOR_ID, RECIPIENT_DEACTIVATED_REASON, {
          updateId: `${meta.requestId}:${referralId}`,
        });
      } else {
        await this.deactivation.sendBack(referralId, meta.requestId);
      }
    }
    return Object.assign(new DeactivateOrganisationResult(), {
      organisation: presentOrganisation(organisation.organisation, organisation.coveredRegions),
      reroutedReferralIds: pendingReferralIds,
    });
  }
}
