/** Loads `--config <file>`: JSON, validated by the shared schema; errors name the file and the key. */
import { readFileSync } from 'node:fs';
import { type Config, DEFAULT_CONFIG, parseConfig } from '../core/model/config';

export function loadConfig(file: string | undefined): Config {
  if (!file) return DEFAULT_CONFIG;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: cannot read config (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: config is not valid JSON (${(e as Error).message})`, { cause: e });
  }
  return parseConfig(json, file);
}
