import type { NextConfig } from 'next';

/** Next's configuration for a phase (`next/constants`), as next.config.mjs builds it. */
declare const config: (phase: string) => Promise<NextConfig>;
export default config;
