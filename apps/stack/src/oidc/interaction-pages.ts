/**
 * The embedded provider's own pages: server-rendered HTML, no script at all, one stylesheet from the provider's
 * origin (STYLESHEET_PATH), every input labelled, errors summarised at the top with role="alert". Values shown are
 * escaped; a submitted password is never echoed, a submitted username only back into its own field.
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

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
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

function errorSummary(message: string | undefined): string {
  if (!message) return '';
  return `<div class="error-summary" role="alert" aria-labelledby="error-title" tabindex="-1">
<h2 id="error-title">There is a problem</h2>
<p>${escapeHtml(message)}</p>
</div>`;
}

export interface LoginPage {
  uid: string;
  error?: string;
  /** The username as typed, shown back in its field after a failed attempt. */
  username?: string;
}

export function loginPage({ uid, error, username }: LoginPage): string {
  const action = `/interaction/${encodeURIComponent(uid)}`;
  const invalid = error ? ' aria-invalid="true" aria-describedby="error-title"' : '';
  return page(
    'Sign in',
    `<h1>Sign in to the NRM console</h1>
${errorSummary(error)}
<form method="post" action="${action}/login" novalidate>
<label for="username">Username</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${escapeHtml(username ?? '')}"${invalid}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${invalid}>
<button type="submit">Sign in</button>
</form>
<form method="post" action="${action}/abort">
<button type="submit" class="secondary">Cancel</button>
</form>`,
  );
}

export interface ConsentPage {
  uid: string;
  clientName: string;
  displayName: string;
}

export function consentPage({ uid, clientName, displayName }: ConsentPage): string {
  const action = `/interaction/${encodeURIComponent(uid)}`;
  return page(
    'Allow access',
    `<h1>Allow ${escapeHtml(clientName)} to act for you?</h1>
<p>You are signed in as <strong>${escapeHtml(displayName)}</strong>.</p>
<p class="hint">The console will use the NRM API with your permissions until you sign out.</p>
<form method="post" action="${action}/confirm">
<button type="submit">Allow</button>
</form>
<form method="post" action="${action}/abort">
<button type="submit" class="secondary">Cancel</button>
</form>`,
  );
}

/** A refusal the person can act on: try another account, or go back to the console without signing in. */
export function refusedPage(uid: string, title: string, message: string): string {
  const action = `/interaction/${encodeURIComponent(uid)}`;
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>
${errorSummary(message)}
<p><a href="${action}">Sign in with another account</a></p>
<form method="post" action="${action}/abort">
<button type="submit" class="secondary">Return to the console</button>
</form>`,
  );
}

export function messagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`);
}

/** RP-initiated logout confirmation; `form` is the provider's own form (a hidden anti-forgery field). */
export function logoutPage(form: string): string {
  return page(
    'Sign out',
    `<h1>Sign out of the NRM console?</h1>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>
<button type="submit" form="op.logoutForm" class="secondary">No, stay signed in</button>`,
  );
}

export function errorPage(error: string, description: string | undefined): string {
  return page(
    'Sign-in error',
    `<h1>Sign-in could not continue</h1>
${errorSummary(description ?? error)}
<p class="hint">Error code: ${escapeHtml(error)}. Go back to the console and start again.</p>`,
  );
}
