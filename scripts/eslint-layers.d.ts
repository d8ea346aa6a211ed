import type { ESLint } from 'eslint';

export interface Layer {
  readonly name: string;
  readonly dirs: readonly string[];
  readonly mayImport: readonly string[] | null;
  readonly node: boolean;
  readonly forbidden: readonly string[];
  readonly typeOnlyAllowed?: boolean;
  readonly why: string;
}

export const LAYERS: readonly Layer[];
export function layerOf(file: string): Layer | null;
export function violation(file: string, specifier: string, typeOnly?: boolean): string | null;

declare const plugin: ESLint.Plugin;
export default plugin;
