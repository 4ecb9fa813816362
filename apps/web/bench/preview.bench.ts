// Preview latency: how long after pressing Send the first streamed token of the offline model appears
// in the preview chat, measured inside Chromium (performance.now() around a real click, a
// MutationObserver for the first assistant text). Prints p50/p90 over warm runs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, signUpOwner, startServer } from '../e2e/harness';
import { trpc } from '../e2e/trpc-client';

const RUNS = 20;
const WARM_UP = 3;

const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../examples/chatbot.json'), 'utf8'),
);

/** Runs in the page: clicks Send and resolves with the ms until the new answer shows its first text. */
const MEASURE_FIRST_TOKEN = `new Promise((resolve) => {
  const region = document.querySelector('section[aria-label="Preview chat"]');
  const before = region.querySelectorAll('[data-role="assistant"]').length;
  const button = [...region.querySelectorAll('button')].find((candidate) => candidate.textContent.trim() === 'Send');
  let start = 0;
  const observer = new MutationObserver(() => {
    const answers = region.querySelectorAll('[data-role="assistant"]');
    if (answers.length > before && answers[answers.length - 1].textContent.trim().length > 0) {
      observer.disconnect();
      resolve(performance.now() - start);
    }
  });
  observer.observe(region, { childList: true, subtree: true, characterData: true });
  start = performance.now();
  button.click();
})`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const server = await startServer();
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await signUpOwner(page, server.url, {
    name: 'Bench',
    email: 'bench@example.com',
    password: 'a-long-password',
  });
  const agent = await trpc<{ id: string }>(page.request, server.url, 'agents.create', {
    name: 'Bench bot',
    graph: chatbot,
  });
  await page.goto(`${server.url}/agents/${agent.id}`);
  await page.getByRole('button', { name: 'Preview' }).click();
  const panel = page.getByRole('region', { name: 'Preview chat' });
  await panel.locator('#preview-input').waitFor();

  const timings: number[] = [];
  for (let run = 0; run < WARM_UP + RUNS; run++) {
    await panel.locator('#preview-input').fill(`Message number ${run}`);
    // A string, not a function: tsx would wrap a function with helpers that do not exist in the page.
    const elapsed = (await page.evaluate(MEASURE_FIRST_TOKEN)) as number;
    if (run >= WARM_UP) timings.push(elapsed);
    // Let the answer finish before the next message.
    await panel.getByRole('button', { name: 'Send' }).waitFor();
    await page.waitForTimeout(150);
  }
  console.log(`Preview: Send to first streamed token in Chromium (offline model, ${RUNS} warm runs)`);
  console.log(
    `  p50 ${percentile(timings, 50).toFixed(1)} ms   p90 ${percentile(timings, 90).toFixed(1)} ms   target p50 < 100 ms`,
  );
} finally {
  await browser.close();
  await server.stop();
}
