import type { Migration } from '../types';

/** payment module tables. */
export const migration: Migration = {
  name: '202611260004-payment',
  async up() {},
  async down() {},
};
