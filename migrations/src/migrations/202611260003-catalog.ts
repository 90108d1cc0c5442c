import type { Migration } from '../types';

/** catalog module tables. */
export const migration: Migration = {
  name: '202611260003-catalog',
  async up() {},
  async down() {},
};
