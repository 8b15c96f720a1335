import { Module } from '@nestjs/common';
import { OrganisationAdminService } from './organisation-admin.service';
import { OrganisationDirectory } from './organisation-directory.service';
import { StaffAdminService } from './staff-admin.service';
import { StaffDirectory } from './staff-directory.service';

const SERVICES = [OrganisationDirectory, StaffDirectory, OrganisationAdminService, StaffAdminService];

@Module({ providers: SERVICES, exports: SERVICES })
export class OrganisationsModule {}
