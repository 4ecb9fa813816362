import { readFileSync } from 'node:fs';
import type { GraphInput } from '../format/graph-schema';

/** Loads a graph fixture by name from this folder. */
export function loadFixture(name: string): GraphInput {
  return JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8')) as GraphInput;
}

/** Loads a graph from the repository's examples folder. */
export function loadExample(name: string): GraphInput {
  return JSON.parse(
    readFileSync(new URL(`../../../../examples/${name}.json`, import.meta.url), 'utf8'),
  ) as GraphInput;
}
