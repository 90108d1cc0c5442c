import type { OwnershipEntry } from './index';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export const ownership: Record<string, OwnershipEntry> = {
  '/api/shop/addresses/:id': {
    async create(t, owner) {
      const marker = `归属测试路 ${owner.id} 号`;
      const res = await t.http
        .post('/api/shop/addresses')
        .set(bearer(owner.token))
        .send({
          name: '归属',
          phone: '13800000000',
          province: '江苏省',
          city: '南京市',
          district: '鼓楼区',
          detail: marker,
        })
        .expect(201);
      return { params: { id: res.body.data.id }, marker };
    },
    bodies: { patch: { detail: '别人写的地址 1 号', isDefault: true } },
    async assertIntact(t, owner, { params, marker }) {
      const res = await t.http.get(`/api/shop/addresses/${params.id}`).set(bearer(owner.token)).expect(200);
      if (res.body.data.detail !== marker) throw new Error(`address ${params.id} changed: ${res.text}`);
    },
  },
};
