import { Module } from '@nestjs/common';
import { OrganisationDirectory } from './organisation-directory.service';
import { StaffDirectory } from './staff-directory.service';

@Module({ providers: [OrganisationDirectory, StaffDirectory], exports: [OrganisationDirectory, StaffDirectory] })
export class OrganisationsModule {}
