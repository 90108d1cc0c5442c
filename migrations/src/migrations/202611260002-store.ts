import type { Migration } from '../types';

/** store module tables. */
export const migration: Migration = {
  name: '202611260002-store',
  async up() {},
  async down() {},
};
