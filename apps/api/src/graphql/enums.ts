import { registerEnumType } from '@nestjs/graphql';
import {
  CallerType,
  CaseCategory,
  CaseStatus,
  ChildAgeBand,
  ConsentGrantor,
  ConsentMethod,
  ConsentPurpose,
  ContactChannel,
  DataCategory,
  DataProfile,
  LegalBasis,
  OrganisationType,
  ReferralStatus,
  PlaceType,
  RiskLevel,
  ServiceType,
  StaffRole,
  TaskStatus,
  TaskType,
} from '@lib/domain';

/** Domain enums exposed in the schema under their own names. Imported once by the app module. */
const ENUMS = {
  CallerType,
  CaseCategory,
  CaseStatus,
  ChildAgeBand,
  ConsentGrantor,
  ConsentMethod,
  ConsentPurpose,
  ContactChannel,
  DataCategory,
  DataProfile,
  LegalBasis,
  OrganisationType,
  ReferralStatus,
  IncidentPlaceType: PlaceType,
  RiskLevel,
  ServiceType,
  StaffRole,
  TaskStatus,
  TaskType,
};

for (const [name, value] of Object.entries(ENUMS)) registerEnumType(value, { name });
