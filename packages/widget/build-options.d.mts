import type { BuildOptions } from 'esbuild';

/** Bundle options of dist/widget.js. */
export declare const widgetBuildOptions: BuildOptions;
/** The size budget of widget.js, gzipped, in bytes. */
export declare const WIDGET_GZIP_BUDGET: number;
