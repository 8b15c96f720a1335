import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { formatDate, formatDateTime, formatNumber, formatTimeLeft } from './format';
import { type MessageKey } from './messages/en';
import { isMessageKey, translate, type Params } from './translate';
import { type Language } from './types';

export interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  t: (key: MessageKey, params?: Params) => string;
  /** The label of an API enum value (`enum.TaskType.REFERRAL_RESPONSE`); unknown values show a neutral word. */
  tEnum: (enumName: string, value: string | null | undefined) => string;
  dateTime: (iso: string) => string;
  date: (isoOrDay: string) => string;
  number: (value: number, fractionDigits?: number) => string;
  timeLeft: (dueIso: string, now: Date) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function makeI18n(language: Language, setLanguage: (language: Language) => void): I18n {
  const t = (key: MessageKey, params?: Params): string => translate(language, key, params);
  return {
    language,
    setLanguage,
    t,
    tEnum: (enumName, value) => {
      if (value === null || value === undefined) return t('common.notRecorded');
      const key = `enum.${enumName}.${value}`;
      return isMessageKey(key) ? t(key) : t('common.unknownValue');
    },
    dateTime: (iso) => formatDateTime(language, iso),
    date: (isoOrDay) => formatDate(language, isoOrDay),
    number: (value, fractionDigits) => formatNumber(language, value, fractionDigits),
    timeLeft: (dueIso, now) => formatTimeLeft(language, dueIso, now),
  };
}

/** Controlled: the app owns the language (it persists the person's choice through the API). */
export function I18nProvider({
  language,
  setLanguage,
  children,
}: {
  language: Language;
  setLanguage: (language: Language) => void;
  children: ReactNode;
}) {
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo(() => makeI18n(language, setLanguage), [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
