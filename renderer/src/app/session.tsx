import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ChannelOutput } from '@contract/index';
import { invoke } from '../lib/api';
import i18n, { type Locale } from '../i18n';

type SessionUser = NonNullable<ChannelOutput<'auth:status'>['user']>;

interface SessionState {
  loading: boolean;
  needsSetup: boolean;
  user: SessionUser | null;
  locale: Locale;
  setUser(u: SessionUser | null): void;
  refresh(): Promise<void>;
  setLocale(l: Locale): Promise<void>;
  can(permission: SessionUser['permissions'][number]): boolean;
}

const Ctx = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [loading, setLoading] = useState(true);
  const [needsSetup, setNeedsSetup] = useState(false);
  const [user, setUser] = useState<SessionUser | null>(null);
  const [locale, setLocaleState] = useState<Locale>('zh-CN');

  const refresh = useCallback(async () => {
    const [info, status] = await Promise.all([invoke('app:info'), invoke('auth:status')]);
    await i18n.changeLanguage(info.locale);
    document.documentElement.lang = info.locale;
    setLocaleState(info.locale);
    setNeedsSetup(status.needsSetup);
    setUser(status.user);
    setLoading(false);
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const setLocale = useCallback(async (l: Locale) => {
    await invoke('app:setLocale', { locale: l });
    await i18n.changeLanguage(l);
    document.documentElement.lang = l;
    setLocaleState(l);
  }, []);

  const value = useMemo<SessionState>(
    () => ({
      loading,
      needsSetup,
      user,
      locale,
      setUser: (u) => {
        setUser(u);
        if (u) setNeedsSetup(false);
      },
      refresh,
      setLocale,
      can: (p) => !!user?.permissions.includes(p),
    }),
    [loading, needsSetup, user, locale, refresh, setLocale],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): SessionState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
