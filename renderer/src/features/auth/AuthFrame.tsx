import type { ReactNode } from 'react';
import { LanguageSwitch } from '../../app/LanguageSwitch';

/** Centered frame for the setup and login screens, with the language switch in the corner. */
export function AuthFrame({ children }: { children: ReactNode }) {
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5', position: 'relative' }}>
      <div style={{ position: 'absolute', top: 16, right: 24 }}>
        <LanguageSwitch />
      </div>
      {children}
    </div>
  );
}
