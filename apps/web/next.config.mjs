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
};

export default config;
