/** Groups decoded records into batches of one source and one context, keeping arrival order. */
import type { SourceRecord } from '../model/batch';
import type { SourceKind } from '../model/signal';
import type { SourceBatchContext } from '../sources/normalize-source';
import type { DecodedBatch } from './decoded-batch';

export class BatchCollector {
  readonly batches: DecodedBatch[] = [];
  /** Records collected, over every batch (a reader hands them over when there are enough). */
  records = 0;

  add(source: SourceKind, ctx: SourceBatchContext, record: SourceRecord): void {
    this.records++;
    const last = this.batches[this.batches.length - 1];
    if (last && last.source === source && last.ctx === ctx) last.records.push(record);
    else this.batches.push({ source, ctx, records: [record] });
  }

  addBatch(batch: DecodedBatch): void {
    this.records += batch.records.length;
    if (batch.records.length > 0) this.batches.push(batch);
  }
}
