import { defineConfig } from 'vite';

// VQ_BASELINE=1 builds baseline.html (TF.js alone) into dist-baseline/, to weigh what the package adds.
const baseline = process.env.VQ_BASELINE === '1';
export default defineConfig({
  build: {
    outDir: baseline ? 'dist-baseline' : 'dist',
    rollupOptions: { input: baseline ? 'baseline.html' : 'index.html' },
  },
});
