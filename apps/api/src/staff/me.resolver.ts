import { Inject } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { DomainError, DomainErrorCode, PreferredLanguage } from '@lib/domain';
import { type StaffProfile, StaffDirectory } from '@lib/organisations';
import { type Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { MeModel, MyOrganisationModel } from './me.model';

function nameIn(language: PreferredLanguage, o: StaffProfile['organisation']): string {
  switch (language) {
    case PreferredLanguage.AZ:
      return o.nameAz;
    case PreferredLanguage.EN:
      return o.nameEn ?? o.nameAz;
    case PreferredLanguage.RU:
      return o.nameRu ?? o.nameAz;
  }
}

/** Allow-lists the signed-in member's own profile. */
export function presentMe(p: StaffProfile): MeModel {
  return Object.assign(new MeModel(), {
    id: p.staffId,
    displayName: p.displayName,
    organisation: Object.assign(new MyOrganisationModel(), {
      id: p.organisation.id,
      name: nameIn(p.preferredLanguage, p.organisation),
      type: p.organisation.type,
    }),
    roles: p.roles,
    preferredLanguage: p.preferredLanguage,
    supervisorId: p.supervisorId,
  });
}

@Resolver(() => MeModel)
export class MeResolver {
  constructor(@Inject(StaffDirectory) private readonly directory: StaffDirectory) {}

  @Query(() => MeModel, {
    description:
      'Who you are: your organisation, roles, language and supervisor (the console’s navigation follows it).',
  })
  async me(@CurrentActor() actor: Actor): Promise<MeModel> {
    // Every active member may read themself, and only themself: the id comes from the verified token, never an argument.
    const profile = await this.directory.profile(actor.staffId);
    if (!profile) throw new DomainError(DomainErrorCode.UNAUTHENTICATED, 'Authentication required');
    return presentMe(profile);
  }
}
