import os from 'node:os';
import path from 'node:path';

/**
 * Where data lives: --data DIR, else ZHANGGUI_DATA_DIR, else the OS user-data folder
 * (Electron's app.getPath('userData') is passed in by the shell as `osDefault`).
 */
export function resolveDataDir(argv: string[], env: NodeJS.ProcessEnv, osDefault?: string): string {
  const i = argv.indexOf('--data');
  if (i >= 0 && argv[i + 1]) return path.resolve(argv[i + 1]);
  const eq = argv.find((a) => a.startsWith('--data='));
  if (eq) return path.resolve(eq.slice('--data='.length));
  if (env.ZHANGGUI_DATA_DIR) return path.resolve(env.ZHANGGUI_DATA_DIR);
  if (osDefault) return osDefault;
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'zhanggui-crm');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'zhanggui-crm');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'zhanggui-crm');
}
