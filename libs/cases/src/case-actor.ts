import { type Actor } from '@lib/authz';

/** The acting staff member, as @lib/authz defines it (built by the API from the database, never from token claims). */
export type CaseActor = Actor;
