import { PROVIDERS } from './provider-catalog';

/** What kinds of files a model reads itself (anything else is turned into text or refused). */
export interface ModelFileSupport {
  images: boolean;
  /** PDF documents sent as files. */
  pdf: boolean;
}

interface CapabilityRule {
  /** Matched against the model name, lower-cased. */
  pattern: RegExp;
  support: ModelFileSupport;
}

const NONE: ModelFileSupport = { images: false, pdf: false };
const IMAGES: ModelFileSupport = { images: true, pdf: false };
const ALL: ModelFileSupport = { images: true, pdf: true };

/**
 * Which models read images and PDFs, by provider. Conservative on purpose: a model is listed only when its
 * provider documents vision (and PDF) input for that family, so a model the table does not know is treated
 * as text-only and gets a clear validation problem instead of a provider error mid-run. Text documents
 * (txt, md, csv, json, docx, and PDFs for a model that cannot read them) always reach a model as text.
 * Keep it beside the price table (packages/api/src/services/model-prices.ts) and update both together.
 */
const RULES: Record<string, readonly CapabilityRule[]> = {
  // The offline model reads every kind: it describes what it received, so files are testable offline.
  offline: [{ pattern: /.*/, support: ALL }],
  openai: [
    {
      pattern: /^gpt-3\.5|^gpt-4(-\d{4})?$|^gpt-4-32k|^o1-mini|^o3-mini|^gpt-5(\.\d+)?-codex/,
      support: NONE,
    },
    { pattern: /^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-4-turbo|gpt-5|o1|o3|o4-mini|chatgpt-4o)/, support: ALL },
  ],
  anthropic: [
    { pattern: /^claude-(2|instant)/, support: NONE },
    { pattern: /^claude-3-(opus|sonnet|haiku)/, support: IMAGES },
    { pattern: /^claude-(3-5|3-7|sonnet-4|opus-4|haiku-4)/, support: ALL },
  ],
  google: [{ pattern: /^gemini-(1\.5|2|3)/, support: ALL }],
  // Local servers: only families published as vision models; they take images, not PDF files.
  'openai-compatible': [
    { pattern: /vision|llava|-vl\b|vl-|pixtral|gemma-?3|minicpm-v|gpt-4o|moondream/, support: IMAGES },
  ],
  ollama: [
    { pattern: /vision|llava|-vl\b|vl:|vl-|pixtral|gemma3|minicpm-v|moondream|bakllava/, support: IMAGES },
  ],
};

/** The file kinds `model` (empty: the provider's default) at `provider` reads itself; unknown models read none. */
export function modelFileSupport(provider: string, model: string): ModelFileSupport {
  const name = (model || PROVIDERS.find((entry) => entry.id === provider)?.defaultModel || '').toLowerCase();
  for (const rule of RULES[provider] ?? []) if (rule.pattern.test(name)) return rule.support;
  return NONE;
}
