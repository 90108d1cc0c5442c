import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const ANTD = /node_modules[\\/](antd|@ant-design[\\/](?!pro-)[^\\/]+|@rc-component|rc-[^\\/]+)[\\/]/;

interface VendorChunk {
  name: string;
  test: RegExp;
  /** `$initial`: only modules the first page (login) needs */
  tags?: '$initial'[];
}

/**
 * Long-cached vendor chunks, apart from the pages (which split by their lazy imports). The antd used by the
 * login page loads first; the much larger rest of antd, which ProComponents pull in, loads with them after
 * login. Earlier groups win, and a group also takes the dependencies of its modules that no earlier group took.
 */
const vendorChunks: VendorChunk[] = [
  { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
  { name: 'antd', test: ANTD, tags: ['$initial'] },
  { name: 'vendor', test: /node_modules[\\/]/, tags: ['$initial'] },
  { name: 'antd-more', test: ANTD },
  { name: 'pro-components', test: /node_modules[\\/]@ant-design[\\/]pro-/ },
];

export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
  build: {
    // antd alone is 1.3 MB minified: each of its two halves stays between 550 and 750 kB (180-220 kB gzipped)
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        // Rolldown's successor of Rollup's manualChunks, which Vite 8 deprecates
        codeSplitting: {
          groups: vendorChunks.map((chunk, i) => ({ ...chunk, priority: vendorChunks.length - i })),
        },
      },
    },
  },
});
