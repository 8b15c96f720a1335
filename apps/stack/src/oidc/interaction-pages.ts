/**
 * The embedded provider's own pages: server-rendered HTML, no script at all, one stylesheet from the provider's
 * origin (STYLESHEET_PATH), every input labelled, errors summarised at the top with role="alert". In Azerbaijani
 * (default), English or Russian: the console passes its language as `ui_locales`. Values shown are escaped; a
 * submitted password is never echoed, a submitted username only back into its own field.
 */
export const STYLESHEET_PATH = '/assets/sign-in.css';

export const STYLESHEET = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f3f2f1;color:#0b0c0c;line-height:1.5}
main{max-width:26rem;margin:3rem auto;background:#fff;padding:2rem;border-top:.4rem solid #1d70b8}
h1{font-size:1.6rem;margin:0 0 1rem}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input[type=text],input[type=password]{box-sizing:border-box;width:100%;font-size:1.1rem;padding:.4rem;border:2px solid #0b0c0c}
input:focus,button:focus,a:focus{outline:3px solid #fd0;outline-offset:0;box-shadow:0 0 0 6px #0b0c0c}
button{font-size:1.1rem;padding:.5rem 1rem;margin:1.5rem .5rem 0 0;border:0;background:#00703c;color:#fff;cursor:pointer}
button.secondary{background:#f3f2f1;color:#0b0c0c;border:2px solid #0b0c0c}
.error-summary{border:4px solid #d4351c;padding:1rem;margin-bottom:1rem}
.error-summary h2{font-size:1.2rem;margin:0 0 .5rem}
.hint{color:#505a5f}
a{color:#1d70b8}
`.trim();

export type PageLanguage = 'az' | 'en' | 'ru';
export const PAGE_LANGUAGES: readonly PageLanguage[] = ['az', 'en', 'ru'];

interface Texts {
  signInTitle: string;
  signInHeading: string;
  problem: string;
  username: string;
  password: string;
  signIn: string;
  cancel: string;
  wrongPassword: string;
  throttled: string;
  consentTitle: string;
  consentHeading: string;
  signedInAs: (name: string) => string;
  consentHint: string;
  allow: string;
  inactiveTitle: string;
  inactive: string;
  noRoleTitle: string;
  noRole: string;
  anotherAccount: string;
  backToConsole: string;
  signOutTitle: string;
  signOutHeading: string;
  signOutYes: string;
  signOutNo: string;
  signedOutTitle: string;
  signedOut: string;
  errorTitle: string;
  cannotContinue: string;
  errorCode: (code: string) => string;
  expiredTitle: string;
  expired: string;
  startAgain: string;
  startingTitle: string;
  starting: string;
  useTheForm: string;
}

const TEXTS: Record<PageLanguage, Texts> = {
  az: {
    signInTitle: 'Daxil olun',
    signInHeading: 'NRM konsoluna daxil olun',
    problem: 'Problem var',
    username: 'İstifadəçi adı',
    password: 'Şifrə',
    signIn: 'Daxil ol',
    cancel: 'Ləğv et',
    wrongPassword: 'İstifadəçi adı və ya şifrə düzgün deyil.',
    throttled:
      'Bu istifadəçi adı üçün çox sayda səhv şifrə daxil edilib. 15 dəqiqə gözləyin, sonra yenidən cəhd edin.',
    consentTitle: 'Girişə icazə',
    consentHeading: 'NRM konsoluna sizin adınızdan işləməyə icazə verirsiniz?',
    signedInAs: (name) => `Siz <strong>${escapeHtml(name)}</strong> kimi daxil olmusunuz.`,
    consentHint: 'Konsol siz çıxış edənə qədər NRM API-dən sizin səlahiyyətlərinizlə istifadə edəcək.',
    allow: 'İcazə ver',
    inactiveTitle: 'Hesab aktiv deyil',
    inactive: 'Bu hesab deaktiv edilib. Təşkilatınızın administratoruna müraciət edin.',
    noRoleTitle: 'Rol təyin edilməyib',
    noRole:
      'Bu hesabın təşkilatında hələ rolu yoxdur, ona görə də konsolda heç nə edə bilməz. Təşkilatınızın administratoruna müraciət edin.',
    anotherAccount: 'Başqa hesabla daxil olun',
    backToConsole: 'Konsola qayıt',
    signOutTitle: 'Çıxış',
    signOutHeading: 'NRM konsolundan çıxmaq istəyirsiniz?',
    signOutYes: 'Bəli, çıxış et',
    signOutNo: 'Xeyr, sistemdə qalım',
    signedOutTitle: 'Çıxış edildi',
    signedOut: 'Siz sistemdən çıxdınız. Bu pəncərəni bağlaya bilərsiniz.',
    errorTitle: 'Giriş xətası',
    cannotContinue: 'Giriş davam etdirilə bilmədi',
    errorCode: (code) => `Xəta kodu: ${escapeHtml(code)}. Konsola qayıdın və yenidən başlayın.`,
    expiredTitle: 'Girişin vaxtı bitib',
    expired: 'Bu giriş səhifəsinin vaxtı bitib. Konsola qayıdın və yenidən daxil olun.',
    startAgain: 'Konsola qayıdın və yenidən daxil olun.',
    startingTitle: 'Başladılır',
    starting: 'Bir azdan yenidən cəhd edin.',
    useTheForm: 'Formdan istifadə edin.',
  },
  en: {
    signInTitle: 'Sign in',
    signInHeading: 'Sign in to the NRM console',
    problem: 'There is a problem',
    username: 'Username',
    password: 'Password',
    signIn: 'Sign in',
    cancel: 'Cancel',
    wrongPassword: 'The username or password is not right.',
    throttled: 'Too many wrong passwords for this username. Wait 15 minutes, then try again.',
    consentTitle: 'Allow access',
    consentHeading: 'Allow the NRM console to act for you?',
    signedInAs: (name) => `You are signed in as <strong>${escapeHtml(name)}</strong>.`,
    consentHint: 'The console will use the NRM API with your permissions until you sign out.',
    allow: 'Allow',
    inactiveTitle: 'Account not active',
    inactive: 'This account has been deactivated. Ask your organisation’s administrator.',
    noRoleTitle: 'No role assigned',
    noRole:
      'This account has no role in its organisation yet, so there is nothing it may do in the console. Ask your organisation’s administrator.',
    anotherAccount: 'Sign in with another account',
    backToConsole: 'Return to the console',
    signOutTitle: 'Sign out',
    signOutHeading: 'Sign out of the NRM console?',
    signOutYes: 'Yes, sign me out',
    signOutNo: 'No, stay signed in',
    signedOutTitle: 'Signed out',
    signedOut: 'You are signed out. You can close this window.',
    errorTitle: 'Sign-in error',
    cannotContinue: 'Sign-in could not continue',
    errorCode: (code) => `Error code: ${escapeHtml(code)}. Go back to the console and start again.`,
    expiredTitle: 'Sign-in expired',
    expired: 'This sign-in page has expired. Go back to the console and sign in again.',
    startAgain: 'Go back to the console and sign in again.',
    startingTitle: 'Starting',
    starting: 'Try again in a moment.',
    useTheForm: 'Use the form.',
  },
  ru: {
    signInTitle: 'Вход',
    signInHeading: 'Вход в консоль NRM',
    problem: 'Возникла проблема',
    username: 'Имя пользователя',
    password: 'Пароль',
    signIn: 'Войти',
    cancel: 'Отмена',
    wrongPassword: 'Неверное имя пользователя или пароль.',
    throttled:
      'Слишком много неверных паролей для этого имени пользователя. Подождите 15 минут и попробуйте снова.',
    consentTitle: 'Разрешение доступа',
    consentHeading: 'Разрешить консоли NRM действовать от вашего имени?',
    signedInAs: (name) => `Вы вошли как <strong>${escapeHtml(name)}</strong>.`,
    consentHint: 'Консоль будет использовать API NRM с вашими правами, пока вы не выйдете.',
    allow: 'Разрешить',
    inactiveTitle: 'Учётная запись не активна',
    inactive: 'Эта учётная запись отключена. Обратитесь к администратору вашей организации.',
    noRoleTitle: 'Роль не назначена',
    noRole:
      'У этой учётной записи пока нет роли в организации, поэтому в консоли ей ничего не доступно. Обратитесь к администратору вашей организации.',
    anotherAccount: 'Войти с другой учётной записью',
    backToConsole: 'Вернуться в консоль',
    signOutTitle: 'Выход',
    signOutHeading: 'Выйти из консоли NRM?',
    signOutYes: 'Да, выйти',
    signOutNo: 'Нет, остаться в системе',
    signedOutTitle: 'Вы вышли',
    signedOut: 'Вы вышли из системы. Это окно можно закрыть.',
    errorTitle: 'Ошибка входа',
    cannotContinue: 'Вход не может быть продолжен',
    errorCode: (code) => `Код ошибки: ${escapeHtml(code)}. Вернитесь в консоль и начните заново.`,
    expiredTitle: 'Срок входа истёк',
    expired: 'Срок действия этой страницы входа истёк. Вернитесь в консоль и войдите снова.',
    startAgain: 'Вернитесь в консоль и войдите снова.',
    startingTitle: 'Запуск',
    starting: 'Попробуйте снова через минуту.',
    useTheForm: 'Воспользуйтесь формой.',
  },
};

/**
 * The page language: the first of the console's `ui_locales` (space-separated, e.g. `en` or `ru-RU`) that is one of
 * ours, else the browser's Accept-Language, else Azerbaijani.
 */
export function pageLanguage(uiLocales: unknown, acceptLanguage?: string | null): PageLanguage {
  const candidates = [
    ...(typeof uiLocales === 'string' ? uiLocales.split(/\s+/) : []),
    ...(acceptLanguage ?? '').split(',').map((part) => part.split(';')[0] ?? ''),
  ];
  for (const tag of candidates) {
    const primary = tag.trim().toLowerCase().split('-')[0];
    const found = PAGE_LANGUAGES.find((l) => l === primary);
    if (found) return found;
  }
  return 'az';
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(lang: PageLanguage, title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} – NRM</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

function errorSummary(t: Texts, message: string | undefined): string {
  if (!message) return '';
  return `<div class="error-summary" role="alert" aria-labelledby="error-title" tabindex="-1">
<h2 id="error-title">${escapeHtml(t.problem)}</h2>
<p>${escapeHtml(message)}</p>
</div>`;
}

export type LoginError = 'wrongPassword' | 'throttled';

export interface LoginPage {
  uid: string;
  lang: PageLanguage;
  error?: LoginError;
  /** The username as typed, shown back in its field after a failed attempt. */
  username?: string;
}

export function loginPage({ uid, lang, error, username }: LoginPage): string {
  const t = TEXTS[lang];
  const action = `/interaction/${encodeURIComponent(uid)}`;
  const invalid = error ? ' aria-invalid="true" aria-describedby="error-title"' : '';
  return page(
    lang,
    t.signInTitle,
    `<h1>${escapeHtml(t.signInHeading)}</h1>
${errorSummary(t, error ? t[error] : undefined)}
<form method="post" action="${action}/login" novalidate>
<label for="username">${escapeHtml(t.username)}</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${escapeHtml(username ?? '')}"${invalid}>
<label for="password">${escapeHtml(t.password)}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${invalid}>
<button type="submit">${escapeHtml(t.signIn)}</button>
</form>
<form method="post" action="${action}/abort">
<button type="submit" class="secondary">${escapeHtml(t.cancel)}</button>
</form>`,
  );
}

export function consentPage({
  uid,
  lang,
  displayName,
}: {
  uid: string;
  lang: PageLanguage;
  displayName: string;
}): string {
  const t = TEXTS[lang];
  const action = `/interaction/${encodeURIComponent(uid)}`;
  return page(
    lang,
    t.consentTitle,
    `<h1>${escapeHtml(t.consentHeading)}</h1>
<p>${t.signedInAs(displayName)}</p>
<p class="hint">${escapeHtml(t.consentHint)}</p>
<form method="post" action="${action}/confirm">
<button type="submit">${escapeHtml(t.allow)}</button>
</form>
<form method="post" action="${action}/abort">
<button type="submit" class="secondary">${escapeHtml(t.cancel)}</button>
</form>`,
  );
}

export type Refusal = 'inactive' | 'noRole';

/** A refusal the person can act on: try another account, or go back to the console without signing in. */
export function refusedPage(uid: string, lang: PageLanguage, refusal: Refusal): string {
  const t = TEXTS[lang];
  const title = refusal === 'inactive' ? t.inactiveTitle : t.noRoleTitle;
  const action = `/interaction/${encodeURIComponent(uid)}`;
  return page(
    lang,
    title,
    `<h1>${escapeHtml(title)}</h1>
${errorSummary(t, t[refusal])}
<p><a href="${action}">${escapeHtml(t.anotherAccount)}</a></p>
<form method="post" action="${action}/abort">
<button type="submit" class="secondary">${escapeHtml(t.backToConsole)}</button>
</form>`,
  );
}

export type Message = 'expired' | 'cannotContinue' | 'signedOut' | 'starting' | 'useTheForm';

export function messagePage(lang: PageLanguage, message: Message): string {
  const t = TEXTS[lang];
  const pages: Record<Message, { title: string; text: string }> = {
    expired: { title: t.expiredTitle, text: t.expired },
    cannotContinue: { title: t.cannotContinue, text: t.startAgain },
    signedOut: { title: t.signedOutTitle, text: t.signedOut },
    starting: { title: t.startingTitle, text: t.starting },
    useTheForm: { title: t.cannotContinue, text: t.useTheForm },
  };
  const { title, text } = pages[message];
  return page(lang, title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(text)}</p>`);
}

/** RP-initiated logout confirmation; `form` is the provider's own form (a hidden anti-forgery field). */
export function logoutPage(lang: PageLanguage, form: string): string {
  const t = TEXTS[lang];
  return page(
    lang,
    t.signOutTitle,
    `<h1>${escapeHtml(t.signOutHeading)}</h1>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">${escapeHtml(t.signOutYes)}</button>
<button type="submit" form="op.logoutForm" class="secondary">${escapeHtml(t.signOutNo)}</button>`,
  );
}

/** The provider's protocol errors (its description is the library's English text, without submitted values). */
export function errorPage(lang: PageLanguage, error: string, description: string | undefined): string {
  const t = TEXTS[lang];
  return page(
    lang,
    t.errorTitle,
    `<h1>${escapeHtml(t.cannotContinue)}</h1>
${errorSummary(t, description ?? error)}
<p class="hint">${t.errorCode(error)}</p>`,
  );
}
