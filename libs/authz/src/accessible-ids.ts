import { type AppAbility, type Action, defineAbilityFor } from './ability';
import { type Actor } from './actor';
import { type AuthzSubject } from './subjects';

export type Identified<S extends AuthzSubject> = S & { id: string };

function abilityOf(actorOrAbility: Actor | AppAbility): AppAbility {
  return 'can' in actorOrAbility ? actorOrAbility : defineAbilityFor(actorOrAbility);
}

/**
 * The ids among `candidates` the actor may perform `action` on (input order, no duplicates). Callers answer
 * NOT_FOUND for the rest, never revealing whether a record exists.
 */
export function accessibleIds<S extends AuthzSubject>(
  actorOrAbility: Actor | AppAbility,
  action: Action,
  candidates: readonly Identified<S>[],
  field?: string,
): string[] {
  const ability = abilityOf(actorOrAbility);
  const out: string[] = [];
  for (const c of candidates) {
    if (!out.includes(c.id) && ability.can(action, c, field)) out.push(c.id);
  }
  return out;
}

/** True when every candidate is accessible. */
export function canAll<S extends AuthzSubject>(
  actorOrAbility: Actor | AppAbility,
  action: Action,
  candidates: readonly Identified<S>[],
): boolean {
  const ability = abilityOf(actorOrAbility);
  return candidates.every((c) => ability.can(action, c));
}
