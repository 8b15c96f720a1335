import { az } from './messages/az';
import { en, type MessageKey } from './messages/en';
import { ru } from './messages/ru';
import { type Language, type Message } from './types';

export const catalogues: Record<Language, Record<MessageKey, Message>> = { az, en, ru };

export type Params = Record<string, string | number>;

/** Intl locale per language (Azerbaijani in Latin script). */
export const LOCALES: Record<Language, string> = { az: 'az-Latn-AZ', en: 'en-GB', ru: 'ru-RU' };

function interpolate(text: string, params: Params | undefined, language: Language): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? new Intl.NumberFormat(LOCALES[language]).format(value) : value;
  });
}

/** Translates a key; a plural message picks its form from `params.count`. A key never reaches the screen raw. */
export function translate(language: Language, key: MessageKey, params?: Params): string {
  const message = catalogues[language][key];
  if (typeof message === 'string') return interpolate(message, params, language);
  const count = typeof params?.count === 'number' ? params.count : 0;
  const rule = new Intl.PluralRules(LOCALES[language]).select(count);
  return interpolate(message[rule] ?? message.other, params, language);
}

/** Whether a dynamic key (an enum label) exists: used to build enum keys safely. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}
