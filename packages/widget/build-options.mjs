// The esbuild options of dist/widget.js, shared by the build and the size test.
import path from 'node:path';

/** Bundle options: one minified IIFE for browsers of the last few years (esbuild lowers newer syntax). */
export const widgetBuildOptions = {
  entryPoints: [path.join(import.meta.dirname, 'src', 'index.ts')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  legalComments: 'none',
  banner: { js: '/* Agentry chat widget */' },
};

/** The size budget of widget.js, gzipped. */
export const WIDGET_GZIP_BUDGET = 15 * 1024;
