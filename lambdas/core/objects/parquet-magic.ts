/** The Parquet magic, on its own so that a reader can tell Parquet without loading the Parquet reader. */

/** True when `head` starts with the Parquet magic `PAR1`. */
export function isParquetMagic(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31;
}
