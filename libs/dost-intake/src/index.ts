export * from './intake-progress';
export * from './dost-intake.service';
export * from './dost-intake.module';
