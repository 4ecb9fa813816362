import { defineConfig } from 'vitest/config';

// Unit tests of the web app live beside the code in src/; the Chromium suites in e2e/ have their own config.
export default defineConfig({ test: { include: ['src/**/*.test.ts', 'src/**/*.test.tsx'] } });
