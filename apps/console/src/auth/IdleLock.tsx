import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;

/**
 * Locks the screen after `minutes` without input (shared desks in DOST centres). The locked screen's content stays
 * mounted (a form keeps its values) but is hidden and inert; only re-authentication as the same person unlocks it.
 */
export function IdleLock({
  minutes,
  unlock,
  children,
}: {
  minutes: number;
  unlock: () => Promise<boolean>;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const [locked, setLocked] = useState(false);
  const [failed, setFailed] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (locked) return;
    const arm = (): void => {
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => setLocked(true), minutes * 60_000);
    };
    arm();
    for (const event of ACTIVITY) window.addEventListener(event, arm, { passive: true });
    return () => {
      window.clearTimeout(timer.current);
      for (const event of ACTIVITY) window.removeEventListener(event, arm);
    };
  }, [locked, minutes]);

  useEffect(() => {
    if (locked) button.current?.focus();
  }, [locked]);

  return (
    <>
      <div hidden={locked} inert={locked}>
        {children}
      </div>
      {locked ? (
        <div className="lock-screen" role="dialog" aria-modal="true" aria-labelledby="lock-title">
          <h1 id="lock-title">{t('lock.title')}</h1>
          <p>{t('lock.body', { minutes })}</p>
          {failed ? (
            <p className="field-error" role="alert">
              {t('lock.failed')}
            </p>
          ) : null}
          <button
            ref={button}
            type="button"
            className="button"
            onClick={() => {
              void unlock().then((ok) => {
                setFailed(!ok);
                if (ok) setLocked(false);
              });
            }}
          >
            {t('lock.unlock')}
          </button>
        </div>
      ) : null}
    </>
  );
}
