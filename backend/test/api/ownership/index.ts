import fs from 'node:fs';
import path from 'node:path';
import type { HttpMethod } from '../../../src/platform/http/route';
import type { TestApp } from '../../support/app';

/**
 * Ownership fixtures for the route matrix: for every shopper route with a path parameter, how to make an
 * object that belongs to one shopper, so that the matrix can call the route as another shopper and check
 * that the object's data never comes back. Each module keeps its fixtures in a file beside this one
 * (`<module>.ts` exporting `ownership`); they are found by reading this folder.
 */
export interface Shopper {
  token: string;
  id: number;
}

export interface OwnedObject {
  /** values for the route's path parameters, e.g. { id: 12 } */
  params: Record<string, string | number>;
  /** a string that occurs in the object's data and nowhere else (the matrix looks for it in responses) */
  marker: string;
  /** a query string the routes need to reach the ownership check */
  query?: Record<string, string | number>;
}

export interface OwnedObjectFixture {
  /** creates, through the API, an object of `owner` that every route of this path acts on */
  create(t: TestApp, owner: Shopper): Promise<OwnedObject>;
  /** valid request bodies per method, so that an intruder's call reaches the ownership check */
  bodies?: Partial<Record<HttpMethod, object>>;
  /** throws unless the object is still there, unchanged, for its owner (run before and after the intruder) */
  assertIntact(t: TestApp, owner: Shopper, object: OwnedObject): Promise<void>;
}

/** A path whose parameter names something shared, or the caller's own row, never another shopper's object. */
export interface NotOwned {
  notOwned: string;
}

export type OwnershipEntry = OwnedObjectFixture | NotOwned;

export const isNotOwned = (e: OwnershipEntry): e is NotOwned => 'notOwned' in e;

/** Every module's fixtures, keyed by route path (all methods of a path share one object). */
export function loadOwnershipFixtures(): Map<string, OwnershipEntry> {
  const all = new Map<string, OwnershipEntry>();
  for (const file of fs.readdirSync(__dirname).sort()) {
    if (!/\.ts$/.test(file) || file === 'index.ts') continue;
    const mod = require(path.join(__dirname, file)) as { ownership?: Record<string, OwnershipEntry> };
    if (!mod.ownership) throw new Error(`${file} exports no \`ownership\``);
    for (const [routePath, entry] of Object.entries(mod.ownership)) {
      if (all.has(routePath)) throw new Error(`ownership fixture for ${routePath} defined twice`);
      all.set(routePath, entry);
    }
  }
  return all;
}
