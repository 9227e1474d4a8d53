// Injected at build time by esbuild/vitest (define); falls back for ts-node style runs.
declare const __APP_VERSION__: string | undefined;
export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.1.0';
