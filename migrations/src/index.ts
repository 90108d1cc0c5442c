import type { Migration } from './types';
import { migration as platform } from './migrations/202611260001-platform';

export type { Migration, MigrationContext } from './types';

/** Every migration in order. A new migration is a file in src/migrations and one line here. */
export const migrations: Migration[] = [platform];
