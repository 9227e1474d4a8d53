// Dev tools used by the reliability suite that ship no type declarations.
declare module 'js-yaml' {
  export function load(text: string): unknown;
}
declare module '@doyensec/electronegativity';
