import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type UserManager } from 'oidc-client-ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../i18n/i18n';
import { AuthGate } from './AuthGate';
import { IdleLock } from './IdleLock';

type Callback = (...args: unknown[]) => void;

function fakeManager(
  overrides: Partial<
    Record<'signinSilent' | 'signinCallback' | 'signinRedirect' | 'signinPopup', () => Promise<unknown>>
  >,
) {
  const listeners: Record<string, Callback[]> = {};
  const on = (name: string) => (cb: Callback) => {
    (listeners[name] ??= []).push(cb);
    return () => undefined;
  };
  const manager = {
    signinSilent: vi.fn(overrides.signinSilent ?? (() => Promise.reject(new Error('login_required')))),
    signinCallback: vi.fn(overrides.signinCallback ?? (() => Promise.resolve(undefined))),
    signinRedirect: vi.fn(overrides.signinRedirect ?? (() => Promise.resolve())),
    signinPopup: vi.fn(overrides.signinPopup ?? (() => Promise.reject(new Error('closed')))),
    removeUser: vi.fn(() => Promise.resolve()),
    signoutRedirect: vi.fn(() => Promise.reject(new Error('no end session'))),
    events: {
      addUserLoaded: on('loaded'),
      addAccessTokenExpired: on('expired'),
      addSilentRenewError: on('renewError'),
    },
  };
  const fire = (name: string) => act(() => (listeners[name] ?? []).forEach((cb) => cb()));
  return { manager: manager as unknown as UserManager & typeof manager, fire };
}

const user = { access_token: 'token', profile: { sub: 'staff-1' }, state: { path: '/cases/new' } };

function renderGate(manager: UserManager) {
  return render(
    <I18nProvider language="en" setLanguage={() => undefined}>
      <AuthGate manager={manager}>
        {(auth) => (
          <p>
            Signed in <button onClick={auth.signOut}>out</button>
          </p>
        )}
      </AuthGate>
    </I18nProvider>,
  );
}

afterEach(() => {
  window.history.replaceState(null, '', '/');
  vi.useRealTimers();
});

describe('Sign-in screens', () => {
  it('offers sign-in when there is no session, carrying back only the path', async () => {
    window.history.replaceState(null, '', '/cases/new');
    const { manager } = fakeManager({});
    renderGate(manager);
    await userEvent.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(manager.signinRedirect).toHaveBeenCalledWith({ state: { path: '/cases/new' } });
    // No hidden iframe sign-in is attempted (the pages forbid framing): nothing happens before the person chooses.
    expect(manager.signinSilent).not.toHaveBeenCalled();
  });

  it('carries a language chosen before sign-in through the provider, and applies it on return', async () => {
    const { manager } = fakeManager({});
    render(
      <I18nProvider language="en" setLanguage={() => undefined}>
        <AuthGate manager={manager} chosenLanguageRef={{ current: 'ru' }}>
          {() => <p>Signed in</p>}
        </AuthGate>
      </I18nProvider>,
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(manager.signinRedirect).toHaveBeenCalledWith({ state: { path: '/', language: 'ru' } });

    window.history.replaceState(null, '', '/auth/callback?code=x&state=y');
    const back = fakeManager({
      signinCallback: () => Promise.resolve({ ...user, state: { path: '/', language: 'ru' } }),
    });
    const setLanguage = vi.fn();
    render(
      <I18nProvider language="en" setLanguage={setLanguage}>
        <AuthGate manager={back.manager}>{() => <p>Back</p>}</AuthGate>
      </I18nProvider>,
    );
    expect(await screen.findByText('Back')).toBeTruthy();
    expect(setLanguage).toHaveBeenCalledWith('ru');
  });

  it('says the service cannot be reached when the provider cannot be reached', async () => {
    const { manager } = fakeManager({
      signinRedirect: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    renderGate(manager);
    await userEvent.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'The service cannot be reached' })).toBeTruthy();
  });

  it('explains a refused or cancelled sign-in at the callback and leaves the callback address', async () => {
    window.history.replaceState(null, '', '/auth/callback?code=x&state=y');
    const { manager } = fakeManager({ signinCallback: () => Promise.reject(new Error('access_denied')) });
    renderGate(manager);
    expect(await screen.findByRole('heading', { name: 'Sign-in did not complete' })).toBeTruthy();
    expect(window.location.pathname + window.location.search).toBe('/');
  });

  it('returns to the path the sign-in started from, and shows the expired screen when the session ends', async () => {
    window.history.replaceState(null, '', '/auth/callback?code=x&state=y');
    const { manager, fire } = fakeManager({ signinCallback: () => Promise.resolve(user) });
    renderGate(manager);
    expect(await screen.findByText('Signed in')).toBeTruthy();
    expect(window.location.pathname).toBe('/cases/new');
    fire('expired');
    expect(await screen.findByRole('heading', { name: 'Your session has ended' })).toBeTruthy();
    expect(screen.queryByText('Signed in')).toBeNull();
  });

  it('forgets the user on sign-out', async () => {
    window.history.replaceState(null, '', '/auth/callback?code=x&state=y');
    const { manager } = fakeManager({ signinCallback: () => Promise.resolve(user) });
    renderGate(manager);
    await userEvent.click(await screen.findByRole('button', { name: 'out' }));
    expect(manager.removeUser).toHaveBeenCalled();
    expect(await screen.findByRole('heading', { name: 'Sign in to the NRM console' })).toBeTruthy();
  });
});

describe('Idle lock', () => {
  it('hides the screen after the idle time and unlocks only after re-authentication', async () => {
    vi.useFakeTimers();
    const unlock = vi.fn().mockResolvedValueOnce(false).mockResolvedValueOnce(true);
    render(
      <I18nProvider language="en" setLanguage={() => undefined}>
        <IdleLock minutes={15} unlock={unlock}>
          <p>Case content</p>
        </IdleLock>
      </I18nProvider>,
    );
    act(() => {
      vi.advanceTimersByTime(14 * 60_000);
    });
    act(() => {
      window.dispatchEvent(new KeyboardEvent('keydown'));
    });
    act(() => {
      vi.advanceTimersByTime(14 * 60_000);
    });
    expect(screen.queryByRole('dialog')).toBeNull();
    act(() => {
      vi.advanceTimersByTime(60_000 + 1);
    });
    expect(screen.getByRole('dialog', { name: 'Screen locked' })).toBeTruthy();
    expect(screen.getByText('Case content').closest('[hidden]')).not.toBeNull();
    vi.useRealTimers();
    await userEvent.click(screen.getByRole('button', { name: 'Sign in to unlock' }));
    expect(await screen.findByText('Unlocking did not succeed. Try again.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Sign in to unlock' }));
    await vi.waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByText('Case content').closest('[hidden]')).toBeNull();
  });
});
