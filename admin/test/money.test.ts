import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fenToYuan, formatFen, yuanToFen } from '../src/lib/money';

describe('yuan ↔ fen', () => {
  it('parses what a person types into integer fen without float error', () => {
    assert.equal(yuanToFen('12'), 1200);
    assert.equal(yuanToFen('12.3'), 1230);
    assert.equal(yuanToFen(' 12.30 '), 1230);
    assert.equal(yuanToFen('0.07'), 7);
    // 0.29 * 100 is 28.999999999999996 in floating point
    assert.equal(yuanToFen('0.29'), 29);
    assert.equal(yuanToFen('19.99'), 1999);
    assert.equal(yuanToFen('12.'), 1200);
  });

  it('refuses what is not a yuan amount', () => {
    for (const bad of ['', '.5', '1.234', '-1', '1e3', '12,30', 'abc', '1234567890']) {
      assert.equal(yuanToFen(bad), null, bad);
    }
  });

  it('shows fen as ¥12.30', () => {
    assert.equal(fenToYuan(1230), '12.30');
    assert.equal(fenToYuan(7), '0.07');
    assert.equal(formatFen(0), '¥0.00');
    assert.equal(formatFen(23790), '¥237.90');
    assert.equal(formatFen(-500), '-¥5.00');
  });

  it('round-trips every cent amount', () => {
    for (let fen = 0; fen < 100_000; fen += 37) assert.equal(yuanToFen(fenToYuan(fen)), fen);
  });
});
