import { useCallback, useEffect, useRef } from 'react';
import { useClient } from 'urql';
import { type NotificationLanguage } from '../gql/graphql';
import { type Language } from '../i18n/types';
import { MyLanguageQuery, SetMyLanguageMutation } from './language.operations';

const TO_API: Record<Language, NotificationLanguage> = { az: 'AZ', en: 'EN', ru: 'RU' };
const FROM_API: Record<NotificationLanguage, Language> = { AZ: 'az', EN: 'en', RU: 'ru' };

/**
 * The person's language is kept by the API (their own language setting, `setNotificationContact`, the one setting a
 * staff member may change about themself): read once after sign-in, written on every switch (the e-mail kept as is).
 */
export function useLanguageSync(apply: (language: Language) => void): (language: Language) => void {
  const client = useClient();
  const email = useRef<string | null>(null);
  const loaded = useRef(false);
  useEffect(() => {
    let active = true;
    void client
      .query(MyLanguageQuery, {}, { requestPolicy: 'network-only' })
      .toPromise()
      .then((r) => {
        const settings = r.data?.notificationSettings;
        if (!active || !settings) return;
        email.current = settings.email ?? null;
        loaded.current = true;
        apply(FROM_API[settings.language]);
      });
    return () => {
      active = false;
    };
  }, [client, apply]);
  return useCallback(
    (language: Language) => {
      // Before the settings are read, writing would also overwrite the e-mail: the switch then stays in memory.
      if (!loaded.current) return;
      void client
        .mutation(SetMyLanguageMutation, { input: { email: email.current, language: TO_API[language] } })
        .toPromise();
    },
    [client],
  );
}
