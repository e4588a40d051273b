import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

const backend = process.env.SHENBAO_API || 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus components (and their CSS) are imported where templates use them,
    // so each lazy route chunk carries only what its screens need.
    Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false }),
  ],
  server: {
    proxy: {
      '/api': backend,
      '/healthz': backend,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        // Vue and the router in one long-cached chunk; Element Plus stays split by the screens using it.
        codeSplitting: {
          groups: [{ name: 'vue', test: /node_modules[\\/](@vue|vue|vue-router)[\\/]/ }],
        },
      },
    },
  },
});
