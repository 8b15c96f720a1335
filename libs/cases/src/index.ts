export * from './case.entity';
export * from './contact.entity';
export * from './person.entity';
export * from './timeline-entry.entity';
