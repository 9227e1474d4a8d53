export interface NativeStamp {
  electron: string;
  betterSqlite3: string;
  platform: string;
  arch: string;
}
export const NOT_INSTALLED_MESSAGE: string;
export function electronBinaryPath(root: string, env?: Record<string, string | undefined>): string | null;
export function expectedStamp(root: string, platform?: string, arch?: string): NativeStamp;
export function readStamp(nativeDir: string): NativeStamp | null;
export function stampIsCurrent(stamp: NativeStamp | null, expected: NativeStamp): boolean;
export function decide(opts: {
  binaryPath: string | null;
  stamp: NativeStamp | null;
  expected: NativeStamp;
  nodeFileExists: boolean;
}): 'no-electron' | 'current' | 'build';
