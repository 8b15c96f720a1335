import { useState } from 'react';
import { I18nProvider } from '../i18n/i18n';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/types';
import { StatusScreen } from '../components/StatusScreen';
import { useI18n } from '../i18n/i18n';

function Message() {
  const { t } = useI18n();
  return (
    <StatusScreen
      title={t('auth.unreachableTitle')}
      body={t('auth.unreachableBody')}
      action={{ label: t('auth.tryAgain'), onClick: () => window.location.reload() }}
    />
  );
}

/** The configuration could not be read (API down or network failure): a plain screen, never a blank page. */
export function BootFailure() {
  const [language, setLanguage] = useState<Language>(DEFAULT_LANGUAGE);
  return (
    <I18nProvider language={language} setLanguage={setLanguage}>
      <Message />
    </I18nProvider>
  );
}
