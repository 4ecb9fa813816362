import { readdirSync, readFileSync } from 'node:fs';
import { PHASE_DEVELOPMENT_SERVER } from 'next/constants.js';
import createNextIntlPlugin from 'next-intl/plugin';
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

const withNextIntl = createNextIntlPlugin('./src/i18n/request.ts');

/** @type {(phase: string) => import('next').NextConfig} */
const config = (phase) =>
  withNextIntl({
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
