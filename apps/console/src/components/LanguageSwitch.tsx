import { useId } from 'react';
import { useI18n } from '../i18n/i18n';
import { isLanguage, LANGUAGES } from '../i18n/types';

const NATIVE_NAMES = { az: 'Azərbaycanca', en: 'English', ru: 'Русский' } as const;

export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  const id = useId();
  return (
    <div className="language-switch">
      <label htmlFor={id}>{t('app.language')}</label>
      <select
        id={id}
        value={language}
        onChange={(e) => {
          if (isLanguage(e.target.value)) setLanguage(e.target.value);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {NATIVE_NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
