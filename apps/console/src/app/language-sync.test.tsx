import { render } from '@testing-library/react';
import { Provider } from 'urql';
import { describe, expect, it, vi } from 'vitest';
import { fakeClient } from '../test/render';
import { type Language } from '../i18n/types';
import { useLanguageSync } from './language-sync';

function Harness({
  apply,
  onWrite,
}: {
  apply: (l: Language) => void;
  onWrite: (w: (l: Language) => void) => void;
}) {
  onWrite(useLanguageSync(apply));
  return null;
}

describe('language persistence', () => {
  it('applies the language `me` reports (chosen, else set by the administrator), and writes a switch keeping the e-mail', async () => {
    const { client, calls } = fakeClient((c) =>
      c.name === 'MyLanguage'
        ? { data: { me: { preferredLanguage: 'RU' }, notificationSettings: { email: 'w@example.az' } } }
        : { data: { setNotificationContact: { email: 'w@example.az', language: 'EN' } } },
    );
    const apply = vi.fn();
    let write: (l: Language) => void = () => undefined;
    render(
      <Provider value={client}>
        <Harness apply={apply} onWrite={(w) => (write = w)} />
      </Provider>,
    );
    await vi.waitFor(() => expect(apply).toHaveBeenCalledWith('ru'));
    write('en');
    expect(calls.find((c) => c.name === 'SetMyLanguage')?.variables).toEqual({
      input: { email: 'w@example.az', language: 'EN' },
    });
  });

  it('a switch made before the stored language arrives wins, and is written once it arrives', async () => {
    let arrive: (r: { data: unknown }) => void = () => undefined;
    const stored = new Promise<{ data: unknown }>((r) => (arrive = r));
    const { client, calls } = fakeClient((c) =>
      c.name === 'MyLanguage'
        ? stored
        : { data: { setNotificationContact: { email: 'w@example.az', language: 'EN' } } },
    );
    const apply = vi.fn();
    let write: (l: Language) => void = () => undefined;
    render(
      <Provider value={client}>
        <Harness apply={apply} onWrite={(w) => (write = w)} />
      </Provider>,
    );
    write('en');
    expect(calls.some((c) => c.name === 'SetMyLanguage')).toBe(false);
    arrive({ data: { me: { preferredLanguage: 'AZ' }, notificationSettings: { email: 'w@example.az' } } });
    await vi.waitFor(() =>
      expect(calls.find((c) => c.name === 'SetMyLanguage')?.variables).toEqual({
        input: { email: 'w@example.az', language: 'EN' },
      }),
    );
    expect(apply).not.toHaveBeenCalled();
  });
});
