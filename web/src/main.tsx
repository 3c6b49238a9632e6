import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './global.css';
import { AppProviders } from './app-providers';
import { initI18n } from './i18n';

// Resources are bundled, so this resolves at once; it only has to happen before the first render.
await initI18n();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppProviders />
  </StrictMode>,
);
