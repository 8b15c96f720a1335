import { type OrganisationEntity } from '@lib/organisations';
import { ContactPointModel, OrganisationModel, OrganisationNamesModel } from './organisation.model';

/** Allow-lists the directory fields of an organisation. */
export function presentOrganisation(o: OrganisationEntity, coveredRegions: string[]): OrganisationModel {
  return Object.assign(new OrganisationModel(), {
    id: o.id,
    name: o.name,
    names: Object.assign(new OrganisationNamesModel(), {
      az: o.nameAz ?? o.name,
      en: o.nameEn,
      ru: o.nameRu,
    }),
    type: o.type,
    region: o.region,
    services: o.services,
    contactPoints: o.contactPoints.map((c) =>
      Object.assign(new ContactPointModel(), { kind: c.kind, value: c.value, label: c.label }),
    ),
    acceptsReferrals: o.active && o.acceptsReferrals,
    active: o.active,
    coveredRegions,
    version: o.version,
  });
}
