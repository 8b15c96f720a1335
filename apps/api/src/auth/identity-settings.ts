import { type AuthConfig, identityClaimOf } from '@lib/auth';
import { type IdentitySettings } from '@lib/organisations';

/** DI token: the issuer a staff member's identity link defaults to, and the claim links are matched on. */
export const IDENTITY_SETTINGS = Symbol('IDENTITY_SETTINGS');

export function identitySettingsOf(config: AuthConfig): IdentitySettings {
  return { issuer: config.issuer, claim: identityClaimOf(config) };
}
