// The static, ordered list of migrations. Forward-only: never edit a migration that has shipped.
import { m0001_core } from './0001_core';
import type { Migration } from './types';

export const MIGRATIONS: readonly Migration[] = [m0001_core];
export const SCHEMA_VERSION = MIGRATIONS.length;
export type { Migration } from './types';
