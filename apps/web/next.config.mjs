import { PHASE_DEVELOPMENT_SERVER } from 'next/constants.js';
import { securityHeaders } from './src/security-headers.mjs';

/** @type {(phase: string) => import('next').NextConfig} */
const config = (phase) => ({
  reactStrictMode: true,
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
