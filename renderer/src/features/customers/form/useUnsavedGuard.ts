// "Leave with unsaved changes?" for in-app navigation and closing the window.
// The app uses <HashRouter> (not a data router), so react-router's useBlocker is unavailable; while
// the guard is active we wrap the router's navigator, the approach react-router documents for this case.
import { useContext, useEffect, useRef } from 'react';
import { UNSAFE_NavigationContext } from 'react-router-dom';

type NavFn = (...args: unknown[]) => void;

/**
 * While `active`, in-app navigation first asks `confirmLeave`. `stillDirty` is read at navigation time,
 * so a save that navigates right away (before React re-renders) is not asked about.
 */
export function useUnsavedGuard(active: boolean, confirmLeave: () => Promise<boolean>, stillDirty: () => boolean): void {
  const { navigator } = useContext(UNSAFE_NavigationContext);
  const confirmRef = useRef(confirmLeave);
  confirmRef.current = confirmLeave;
  const dirtyRef = useRef(stillDirty);
  dirtyRef.current = stillDirty;

  useEffect(() => {
    if (!active) return;
    const nav = navigator as unknown as { push: NavFn; replace: NavFn };
    const { push, replace } = nav;
    const restore = () => {
      nav.push = push;
      nav.replace = replace;
    };
    const wrap = (fn: NavFn): NavFn => (...args) => {
      if (!dirtyRef.current()) {
        fn.apply(nav, args);
        return;
      }
      void confirmRef.current().then((ok) => {
        if (!ok) return;
        restore();
        fn.apply(nav, args);
      });
    };
    nav.push = wrap(push);
    nav.replace = wrap(replace);
    const beforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      restore();
      window.removeEventListener('beforeunload', beforeUnload);
    };
  }, [active, navigator]);
}
