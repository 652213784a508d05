/** What envelope decoding produces: records of one source, ready for `normalizeSource`. */
import type { SourceRecord } from '../model/batch';
import type { SourceKind } from '../model/signal';
import type { SourceBatchContext } from '../sources/normalize-source';

export interface DecodedBatch {
  source: SourceKind;
  ctx: SourceBatchContext;
  records: SourceRecord[];
}
