import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const apiPort = process.env.API_PORT ?? '3000';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // One React in the bundle, whatever the install tree looks like: the root package.json overrides react
    // to 19 because antd-mobile's react-spring peer range stops at 18, and two copies break every hook.
    dedupe: ['react', 'react-dom'],
  },
  server: {
    port: Number(process.env.WEB_PORT ?? 5173),
    proxy: {
      '/api': { target: `http://localhost:${apiPort}`, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        // echarts and React get chunks of their own (they cache across releases). antd is left to the automatic
        // splitting, page by page: a group of its own would pull its dependencies (React, dayjs…) in with it and
        // make the entry, and so the member portal, download all of antd (2.2 MB of script for /m/login).
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 30 },
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
});
