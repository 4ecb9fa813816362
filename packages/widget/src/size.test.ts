import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { WIDGET_GZIP_BUDGET, widgetBuildOptions } from '../build-options.mjs';

describe('widget.js size', () => {
  it('stays within 15 KB gzipped', async () => {
    const result = await build({ ...widgetBuildOptions, write: false, outfile: 'widget.js' });
    const bytes = result.outputFiles[0]!.contents;
    const gzipped = gzipSync(bytes, { level: 9 }).length;
    console.log(`widget.js: ${bytes.length} bytes, ${gzipped} bytes gzipped`);
    expect(gzipped).toBeLessThanOrEqual(WIDGET_GZIP_BUDGET);
    // One script, no framework: nothing from React or the AI SDK slipped into the bundle.
    expect(new TextDecoder().decode(bytes)).not.toMatch(/react|__vercel|zod/i);
  });
});
