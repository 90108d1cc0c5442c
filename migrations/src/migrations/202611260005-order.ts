import type { Migration } from '../types';

/** order module tables. */
export const migration: Migration = {
  name: '202611260005-order',
  async up() {},
  async down() {},
};
