import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import './i18n';
import 'antd/dist/reset.css';
import './app/global.css';
import { App } from './app/App';

// The CSP forbids eval; tell zod not to try its eval-based fast path.
z.config({ jitless: true });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
