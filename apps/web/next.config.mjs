/** @type {import('next').NextConfig} */
const config = {
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
  experimental: {
    // Each page and route is loaded when first requested, not all at start: a server that only answers
    // the API never holds the builder's pages (about 15 MB).
    preloadEntriesOnStart: false,
  },
};

export default config;
