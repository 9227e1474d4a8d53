// Secure defaults for the app window, as plain data and functions so unit tests can check them
// without Electron. main/index.ts applies them.

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // antd (cssinjs) injects <style> tags at run time
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "frame-src 'none'",
  "worker-src 'self' blob:",
].join('; ');

/** The only origin the app window may show: the packaged renderer's file:// index. */
export const APP_PROTOCOL = 'file:';

export function windowOptions(preloadPath: string) {
  return {
    width: 1360,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: '掌柜 CRM',
    backgroundColor: '#f5f5f5',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: true,
    },
  } as const;
}

/** Navigation: only within the app's own index file (hash routes). Everything else is refused. */
export function isAllowedNavigation(targetUrl: string, appIndexUrl: string): boolean {
  try {
    const t = new URL(targetUrl);
    const a = new URL(appIndexUrl);
    return t.protocol === a.protocol && t.host === a.host && t.pathname === a.pathname;
  } catch {
    return false;
  }
}

/** window.open and target=_blank: always denied. */
export function windowOpenHandler(): { action: 'deny' } {
  return { action: 'deny' };
}

/** Camera, microphone, geolocation, notifications from the page...: all denied (main shows notifications). */
export function permissionRequestHandler(_permission: string): boolean {
  return false;
}

export interface IpcSenderLike {
  senderFrame: { url: string } | null;
  sender: { id: number };
}

/**
 * An IPC call is accepted only from the main frame of a window we created, showing our index file.
 * Returns the caller key (webContents id) or null to refuse.
 */
export function validateSender(event: IpcSenderLike, ourWebContentsIds: ReadonlySet<number>, appIndexUrl: string): string | null {
  if (!ourWebContentsIds.has(event.sender.id)) return null;
  const url = event.senderFrame?.url;
  if (!url || !isAllowedNavigation(url, appIndexUrl)) return null;
  return String(event.sender.id);
}
