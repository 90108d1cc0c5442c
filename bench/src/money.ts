// Micro benchmark of the allocation helper every discount, refund and commission goes through.
import { Bench } from 'tinybench';
import { allocate } from '@mall/backend';

const bench = new Bench({ time: 500 });
const weights10 = [1999, 2999, 4999, 999, 12900, 100, 3300, 5600, 7800, 990];
bench.add('allocate 10 lines', () => {
  allocate(2000, weights10);
});
bench.add('allocate 100 lines', () => {
  allocate(
    123456,
    Array.from({ length: 100 }, (_, i) => 100 + i * 37),
  );
});
await bench.run();
console.log(
  JSON.stringify({
    bench: 'money',
    results: bench.tasks.map((t) => ({
      name: t.name,
      opsPerSec: Math.round(t.result?.throughput?.mean ?? 0),
    })),
  }),
);
