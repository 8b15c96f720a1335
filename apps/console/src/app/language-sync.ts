import { useCallback, useEffect, useRef } from 'react';
import { useClient } from 'urql';
import { type NotificationLanguage, type PreferredLanguage } from '../gql/graphql';
import { type Language } from '../i18n/types';
import { MyLanguageQuery, SetMyLanguageMutation } from './language.operations';

const TO_API: Record<Language, NotificationLanguage> = { az: 'AZ', en: 'EN', ru: 'RU' };
const FROM_API: Record<PreferredLanguage, Language> = { AZ: 'az', EN: 'en', RU: 'ru' };

/**
 * The person's language is kept by the API: `me.preferredLanguage` is the language they chose (their own setting,
 * `setNotificationContact`, the one setting a staff member may change about themself), else the one their
 * administrator set. Read once after sign-in, written on every switch (the e-mail kept as is).
 */
export function useLanguageSync(
  apply: (language: Language) => void,
  chosenBeforeRef?: { readonly current: Language | null },
): (language: Language) => void {
  const client = useClient();
  const email = useRef<string | null>(null);
  const loaded = useRef(false);
  /** A switch made before the settings arrived: it wins over the stored language and is written once they arrive. */
  const pending = useRef<Language | null>(null);
  useEffect(() => {
    let active = true;
    void client
      .query(MyLanguageQuery, {}, { requestPolicy: 'network-only' })
      .toPromise()
      .then((r) => {
        const settings = r.data?.notificationSettings;
        const me = r.data?.me;
        if (!active || !settings || !me) return;
        email.current = settings.email ?? null;
        loaded.current = true;
        const chosen = pending.current ?? chosenBeforeRef?.current ?? null;
        if (chosen)
          void client
            .mutation(SetMyLanguageMutation, { input: { email: email.current, language: TO_API[chosen] } })
            .toPromise();
        else apply(FROM_API[me.preferredLanguage]);
      });
    return () => {
      active = false;
    };
  }, [client, apply, chosenBeforeRef]);
  return useCallback(
    (language: Language) => {
      // Before the settings are read, writing would also overwrite the e-mail: the switch is written once they arrive.
      if (!loaded.current) {
        pending.current = language;
        return;
      }
      void client
        .mutation(SetMyLanguageMutation, { input: { email: email.current, language: TO_API[language] } })
        .toPromise();
    },
    [client],
  );
}
