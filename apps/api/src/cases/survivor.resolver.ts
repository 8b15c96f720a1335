import { Inject } from '@nestjs/common';
import { Info, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { type GraphQLResolveInfo } from 'graphql';
import { type PersonalDataRead, PersonalDataReader } from '@lib/cases';
import { DomainError, DomainErrorCode, type PersonField, isPersonField } from '@lib/domain';
import { type Actor } from '../auth/actor';
import { CurrentActor, type RequestMeta, RequestInfo } from '../auth/current-actor.decorator';
import { requestedFieldNames } from '../graphql/requested-fields';
import { type PresentedCase } from './case.presenter';
import { CaseModel } from './case.model';
import { DependantModel, PersonModel } from './person.model';

/** What the Person field resolvers get: decrypted allowed values, and the names of refused fields. */
type PersonView = PersonModel & { readonly read: PersonalDataRead };

function refused(field: string): DomainError {
  return new DomainError(DomainErrorCode.FORBIDDEN, `Access to ${field} is not allowed`, [{ path: [field], message: 'not allowed for you' }]);
}

@Resolver(() => CaseModel)
export class SurvivorResolver {
  constructor(@Inject(PersonalDataReader) private readonly reader: PersonalDataReader) {}

  /**
   * Decrypts only the requested fields the viewer may see, auditing the read in the same transaction. Requested fields
   * the viewer may not see fail with FORBIDDEN on their own paths; a viewer who may see none gets FORBIDDEN here.
   */
  @ResolveField(() => PersonModel, { nullable: true, description: 'The survivor (null when none was recorded).' })
  async survivor(
    @Parent() parent: PresentedCase,
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Info() info: GraphQLResolveInfo,
  ): Promise<PersonView | null> {
    const access = parent.viewAccess;
    if (access.allowedFields.length === 0) throw refused('survivor');
    const requested: PersonField[] = requestedFieldNames(info).filter(isPersonField);
    const read = await this.reader.readSurvivor(actor, access, requested, { requestId: meta.requestId });
    if (!read) return null;
    const view = Object.assign(new PersonModel(), { id: read.personId });
    Object.defineProperty(view, 'read', { value: read, enumerable: false });
    return view as PersonView;
  }
}

@Resolver(() => PersonModel)
export class PersonFieldsResolver {
  private value(person: PersonView, field: Exclude<PersonField, 'dependants'>): string | null {
    if (person.read.refused.includes(field)) throw refused(field);
    return person.read.values[field] ?? null;
  }

  @ResolveField(() => String, { nullable: true })
  fullName(@Parent() person: PersonView): string | null {
    return this.value(person, 'fullName');
  }

  @ResolveField(() => String, { nullable: true })
  dateOfBirth(@Parent() person: PersonView): string | null {
    return this.value(person, 'dateOfBirth');
  }

  @ResolveField(() => String, { nullable: true })
  phone(@Parent() person: PersonView): string | null {
    return this.value(person, 'phone');
  }

  @ResolveField(() => String, { nullable: true })
  address(@Parent() person: PersonView): string | null {
    return this.value(person, 'address');
  }

  @ResolveField(() => String, { nullable: true })
  narrative(@Parent() person: PersonView): string | null {
    return this.value(person, 'narrative');
  }

  @ResolveField(() => String, { nullable: true })
  healthNotes(@Parent() person: PersonView): string | null {
    return this.value(person, 'healthNotes');
  }

  @ResolveField(() => [DependantModel], { nullable: true })
  dependants(@Parent() person: PersonView): DependantModel[] | null {
    if (person.read.refused.includes('dependants')) throw refused('dependants');
    return (person.read.dependants ?? []).map((d) => Object.assign(new DependantModel(), d));
  }
}
