/**
 * The shared corpus of real AWS and open-source sample events (see test/corpus/SOURCES.md),
 * vendored into the repository so a clean clone tests the same data. AN1261_CORPUS_DIR points the
 * tests at another copy (e.g. the team's shared/corpus) to check new samples before vendoring.
 */
import { join } from 'node:path';

export const CORPUS_DIR = process.env.AN1261_CORPUS_DIR ?? join(__dirname, '../corpus');

export const corpusPath = (...parts: string[]): string => join(CORPUS_DIR, ...parts);
