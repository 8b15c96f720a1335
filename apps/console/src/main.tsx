import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { loadConfig } from './app/config';
import { CALLBACK_PATH, createUserManager } from './auth/auth';
import { BootFailure } from './app/BootFailure';
import './styles.css';

async function boot(): Promise<void> {
  const container = document.getElementById('root');
  if (!container) return;
  const root = createRoot(container);
  let config;
  try {
    config = await loadConfig();
  } catch {
    root.render(<BootFailure />);
    return;
  }
  const manager = createUserManager(config);
  // The provider's metadata is needed by every sign-in step: fetched now, in parallel with the first render.
  manager.metadataService.getMetadata().catch(() => undefined);
  // Inside the unlock popup: hand the response to the opener and render nothing.
  if (window.location.pathname === CALLBACK_PATH && window.opener) {
    await manager.signinCallback().catch(() => undefined);
    return;
  }
  root.render(
    <StrictMode>
      <App config={config} manager={manager} />
    </StrictMode>,
  );
}

void boot();
