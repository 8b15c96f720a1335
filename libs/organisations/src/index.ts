export * from './organisation.entity';
export * from './staff-member.entity';
export * from './organisation-directory.service';
export * from './organisations.module';
export * from './staff-directory.service';
