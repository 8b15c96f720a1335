import { randomUUID } from 'node:crypto';
import { type DataSource } from 'typeorm';
import { AuditWriter, SYSTEM_ACTOR_ID } from '@lib/audit';
import {
  DomainError,
  NATIONAL,
  OrganisationType,
  PreferredLanguage,
  StaffRole,
  requireText,
  validateIdentity,
  validateStaffDefinition,
} from '@lib/domain';
import { inTransaction } from '@lib/persistence';
import { OrganisationEntity } from './organisation.entity';
import { StaffMemberEntity } from './staff-member.entity';

export interface BootstrapCoordinatorInput {
  /** The State Committee's name in Azerbaijani (en/ru can be added later in the product). */
  nameAz: string;
  nameEn?: string | null;
  username: string;
  displayName: string;
  /** The identity provider account of the first administrator (issuer + subject or verified e-mail). */
  identity?: { issuer: string; subject: string } | null;
  identityClaim?: 'sub' | 'email';
}

export interface BootstrappedCoordinator {
  organisationId: string;
  administratorId: string;
}

/**
 * A fresh installation has no organisation and nobody to create one: this creates the coordinator (the State
 * Committee) and its first administrator, once. Everything else (organisations, their administrators, their staff)
 * is then done in the product. Refused (CONFLICT) when a coordinator already exists.
 */
export async function bootstrapCoordinator(
  dataSource: DataSource,
  input: BootstrapCoordinatorInput,
): Promise<BootstrappedCoordinator> {
  const nameAz = requireText(input.nameAz, ['nameAz'], { maxLength: 200 });
  const definition = validateStaffDefinition(
    {
      username: input.username,
      displayName: input.displayName,
      roles: [StaffRole.ADMINISTRATOR],
      preferredLanguage: PreferredLanguage.AZ,
    },
    OrganisationType.COORDINATOR,
    [],
  );
  const link = input.identity
    ? validateIdentity(input.identity, input.identity.issuer, input.identityClaim ?? 'sub', ['identity'])
    : null;
  return inTransaction(dataSource, async (m) => {
    // One bootstrap at a time; a second finds the first's coordinator.
    await m.query(`LOCK TABLE organisations IN SHARE ROW EXCLUSIVE MODE`);
    if (await m.existsBy(OrganisationEntity, { type: OrganisationType.COORDINATOR })) {
      throw DomainError.conflict('A coordinator already exists: add administrators in the product');
    }
    const organisationId = randomUUID();
    const administratorId = randomUUID();
    await m.insert(OrganisationEntity, {
      id: organisationId,
      name: input.nameEn ?? nameAz,
      nameAz,
      nameEn: input.nameEn ?? null,
      type: OrganisationType.COORDINATOR,
      region: NATIONAL,
      services: [],
      acceptsReferrals: false,
    });
    await m.insert(StaffMemberEntity, {
      id: administratorId,
      organisationId,
      ...definition,
      identityIssuer: link?.issuer ?? null,
      identitySubject: link?.subject ?? null,
    });
    await new AuditWriter().record(m, {
      actorId: SYSTEM_ACTOR_ID,
      organisationId,
      action: 'COORDINATOR_BOOTSTRAPPED',
      subjectType: 'staff_member',
      subjectId: administratorId,
      fields: ['username', 'displayName', 'roles', ...(link ? ['identity'] : [])],
    });
    return { organisationId, administratorId };
  });
}
