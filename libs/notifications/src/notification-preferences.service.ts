import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Actor } from '@lib/authz';
import { DomainError, requireEnum } from '@lib/domain';
import { preparedQuery } from '@lib/persistence';
import {
  DEFAULT_NOTIFICATION_LANGUAGE,
  NotificationChannel,
  NotificationKind,
  NotificationLanguage,
  RECIPIENT_ROLES,
  canSwitchOff,
} from './notification-kinds';

export interface NotificationPreferenceView {
  kind: NotificationKind;
  channel: NotificationChannel;
  enabled: boolean;
  /** Cannot be switched off (escalations). High-risk referrals are delivered even when their kind is off. */
  mandatory: boolean;
}

export interface NotificationSettingsView {
  email: string | null;
  language: NotificationLanguage;
  preferences: NotificationPreferenceView[];
}

// A work address: one @, no spaces or angle brackets, at most 254 characters (RFC 5321 path limit).
const EMAIL = /^[^\s@<>(),;:"]{1,64}@[A-Za-z0-9.-]{1,189}\.[A-Za-z]{2,}$/;

/** Each person's own notification settings: e-mail address, language, and which kinds reach them on which channel. */
@Injectable()
export class NotificationPreferencesService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** The kinds this person can receive (by their roles), each channel, on unless switched off. */
  async settings(actor: Actor): Promise<NotificationSettingsView> {
    const [settings, prefs] = await Promise.all([
      preparedQuery<{ email: string | null; language: NotificationLanguage }>(
        this.dataSource.manager,
        `SELECT email, language FROM notification_settings WHERE staff_id = $1`,
        [actor.staffId],
      ),
      preparedQuery<{ kind: NotificationKind; channel: NotificationChannel; enabled: boolean }>(
        this.dataSource.manager,
        `SELECT kind, channel, enabled FROM notification_preferences WHERE staff_id = $1`,
        [actor.staffId],
      ),
    ]);
    const off = new Set(prefs.filter((p) => !p.enabled).map((p) => `${p.kind}/${p.channel}`));
    const kinds = Object.values(NotificationKind).filter((k) =>
      RECIPIENT_ROLES[k].some((r) => actor.roles.includes(r)),
    );
    const preferences = kinds.flatMap((kind) =>
      Object.values(NotificationChannel).map((channel) => ({
        kind,
        channel,
        mandatory: !canSwitchOff(kind),
        enabled: !canSwitchOff(kind) || !off.has(`${kind}/${channel}`),
      })),
    );
    return {
      email: settings[0]?.email ?? null,
      language: settings[0]?.language ?? DEFAULT_NOTIFICATION_LANGUAGE,
      preferences,
    };
  }

  /** Switches one kind on or off on one channel. Mandatory kinds cannot be switched off (BAD_INPUT on `enabled`). */
  async set(
    actor: Actor,
    kindInput: unknown,
    channelInput: unknown,
    enabled: boolean,
  ): Promise<NotificationSettingsView> {
    const kind = requireEnum(NotificationKind, kindInput, ['input', 'kind']);
    const channel = requireEnum(NotificationChannel, channelInput, ['input', 'channel']);
    if (!enabled && !canSwitchOff(kind)) {
      throw DomainError.badInput('This notification is mandatory', [
        {
          path: ['input', 'enabled'],
          message: 'mandatory: escalations and webhook failures cannot be switched off',
        },
      ]);
    }
    await preparedQuery(
      this.dataSource.manager,
      `INSERT INTO notification_preferences (staff_id, kind, channel, enabled) VALUES ($1, $2, $3, $4)
       ON CONFLICT (staff_id, kind, channel) DO UPDATE SET enabled = EXCLUDED.enabled, updated_at = now()`,
      [actor.staffId, kind, channel, enabled],
    );
    return this.settings(actor);
  }

  /** The person's own work e-mail address (null: none) and language. */
  async setContact(
    actor: Actor,
    emailInput: unknown,
    languageInput: unknown,
  ): Promise<NotificationSettingsView> {
    let email: string | null = null;
    if (emailInput !== null && emailInput !== undefined) {
      if (typeof emailInput !== 'string' || emailInput.length > 254 || !EMAIL.test(emailInput.trim())) {
        throw DomainError.badInput('Invalid e-mail address', [
          { path: ['input', 'email'], message: 'must be an e-mail address' },
        ]);
      }
      email = emailInput.trim();
    }
    const language = requireEnum(NotificationLanguage, languageInput ?? DEFAULT_NOTIFICATION_LANGUAGE, [
      'input',
      'language',
    ]);
    await preparedQuery(
      this.dataSource.manager,
      `INSERT INTO notification_settings (staff_id, email, language) VALUES ($1, $2, $3)
       ON CONFLICT (staff_id) DO UPDATE SET email = EXCLUDED.email, language = EXCLUDED.language, updated_at = now()`,
      [actor.staffId, email, language],
    );
    return this.settings(actor);
  }
}
