import type { TestApp } from '../../support/app';
import type { OwnedObject, OwnershipEntry, Shopper } from './index';

const auth = (t: TestApp, token: string) => ({
  Authorization: `Bearer ${token}`,
  'X-Forwarded-For': t.nextIp(),
});

/** The owner's share scene of the shop's home page (no product needed); its code is the marker. */
async function sceneOf(t: TestApp, owner: Shopper): Promise<OwnedObject> {
  const res = await t.http
    .post('/api/shop/share-scenes')
    .set(auth(t, owner.token))
    .send({ kind: 'home', id: 'shop' })
    .expect(200);
  const code = res.body.data.code as string;
  return { params: { code }, marker: code };
}

export const ownership: Record<string, OwnershipEntry> = {
  '/api/shop/share-scenes/:code/poster': {
    create: sceneOf,
    async assertIntact(t, owner, object) {
      const res = await t.http.get(`/api/shop/share-scenes/${object.params.code}`).expect(200);
      if (res.body.data.sharer.id !== owner.id) throw new Error('the scene changed its sharer');
    },
  },
  '/api/shop/share-scenes/:code/open': {
    notOwned:
      'the code names a share scene that is meant to be opened by other shoppers (that is what sharing is); ' +
      'opening it binds the caller, never changes the scene or its sharer',
  },
};
