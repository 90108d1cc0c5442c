import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

const taroEnv = process.env.TARO_ENV ?? 'h5';

/**
 * H5 is served by the API server itself, so it calls `/api/...` on the same origin.
 * The mini-program needs an absolute base, taken from TARO_APP_API_BASE at build time.
 */
const apiBase = taroEnv === 'h5' ? '' : (process.env.TARO_APP_API_BASE ?? 'http://127.0.0.1:3000');

/** NutUI is drawn for a 375 px design; our own styles are written for 750. */
function designWidth(input?: unknown): number {
  const file = (input as { file?: string } | undefined)?.file ?? '';
  return file.replace(/\\+/g, '/').includes('@nutui') ? 375 : 750;
}

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'mall-shop',
    date: '2024-1-1',
    designWidth,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // h5 and weapp each wipe their output folder: never share one.
    outputRoot: taroEnv === 'h5' ? 'dist-h5' : `dist-${taroEnv}`,
    plugins: [],
    defineConstants: {
      API_BASE: JSON.stringify(apiBase),
    },
    alias: {
      '@': path.resolve(__dirname, '..', 'src'),
      // In the npm workspace this plugin stays nested here while @tarojs/taro-h5 is hoisted and
      // cannot find its runtime without the alias.
      '@tarojs/plugin-framework-react': path.dirname(
        require.resolve('@tarojs/plugin-framework-react/package.json'),
      ),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
      },
      // Components' styles are BEM-scoped (no selector of one overrides another's), so the order in which pages
      // import them does not matter; without this the shared chunk warns "Conflicting order", as H5 would.
      miniCssExtractPluginOption: { ignoreOrder: true },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
      },
    },
  };

  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});
