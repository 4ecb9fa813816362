import { readdirSync, readFileSync } from 'node:fs';
import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_SERVER } from 'next/constants.js';
import { securityHeaders } from './src/security-headers.mjs';

/** The shipped languages: one catalog file each in messages/, named by its tag, holding its own name. */
function shippedLocales() {
  const dir = new URL('./messages/', import.meta.url);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => ({
      code: file.slice(0, -'.json'.length),
      name: JSON.parse(readFileSync(new URL(file, dir), 'utf8')).meta.languageName,
    }))
    .sort((a, b) => (a.code === 'en' ? -1 : b.code === 'en' ? 1 : a.code.localeCompare(b.code)));
}

/**
 * next-intl's plugin points the bundler at src/i18n/request.ts: it matters when the app is built or
 * served by `next dev`, not to `next start`, whose bundles already hold it. It is not even imported
 * there, because importing it loads its message extractor's native modules (@swc/core, @parcel/watcher):
 * about 20 MB of resident memory for a server that never uses them (measured with the start-up
 * benchmark's idle RSS, 209–211 MB before next-intl, 226–228 MB with the plugin loaded at start).
 */
async function withNextIntl(phase, nextConfig) {
  if (phase === PHASE_PRODUCTION_SERVER) return nextConfig;
  const { default: createNextIntlPlugin } = await import('next-intl/plugin');
  return createNextIntlPlugin('./src/i18n/request.ts')(nextConfig);
}

/** @type {(phase: string) => Promise<import('next').NextConfig>} */
const config = (phase) =>
  withNextIntl(phase, {
    reactStrictMode: true,
    env: { NEXT_PUBLIC_AGENTRY_LOCALES: JSON.stringify(shippedLocales()) },
    poweredByHeader: false,
    // Workspace packages ship TypeScript source.
    transpilePackages: ['@agentry/api', '@agentry/db', '@agentry/engine'],
    // Loaded from node_modules at run time: they find their wasm and data files next to themselves.
    serverExternalPackages: [
      '@electric-sql/pglite',
      '@electric-sql/pglite-pgvector',
      'pg',
      'quickjs-emscripten',
    ],
    // A CSP with frame-ancestors 'none', nosniff and a referrer policy on every answer (security-headers.mjs).
    async headers() {
      return [
        { source: '/:path*', headers: securityHeaders({ development: phase === PHASE_DEVELOPMENT_SERVER }) },
      ];
    },
    experimental: {
      // Each page and route is loaded when first requested, not all at start: a server that only answers
      // the API never holds the builder's pages (about 15 MB).
      preloadEntriesOnStart: false,
    },
  });

export default config;
