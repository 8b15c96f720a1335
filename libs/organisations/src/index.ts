export * from './organisation.entity';
export * from './staff-member.entity';
