/**
 * The state the correlator needs, as a port: implemented by the DynamoDB adapter
 * (lambdas/adapters/dynamodb-state-store.ts) on AWS and on the embedded dynalite alike.
 * Single-item writes only; reads are strongly consistent and never return expired items.
 */
import type { SeverityLabel } from '../model/config';
import type { Finding } from '../model/finding';

/** One state item: a signal indexed under one key, a link, or an egress contribution. */
export interface StateItem {
  pk: string;
  sk: string;
  /** Epoch seconds; the table's TTL attribute. */
  expiresAt: number;
  /** The payload as JSON. */
  doc: string;
}

/** The stored form of a finding: the finding plus what decides whether new evidence changes it. */
export interface StoredFinding {
  finding: Finding;
  /** Hash of the evidence and severity; equal fingerprints mean nothing to publish. */
  fingerprint: string;
  expiresAt: number;
  /** Of the version this one replaced, for the publisher's notify-on-increase rule. */
  previousSeverity?: SeverityLabel;
  previouslySuppressed?: boolean;
  /**
   * The last version the findings queue accepted. A version stored but not sent (the queue failed
   * after the state write) is sent again when its chain is next evaluated, e.g. on redelivery.
   */
  sentVersion?: number;
}

export interface StateStore {
  /** Idempotent puts (the same pk/sk always carries the same content). */
  putItems(items: readonly StateItem[]): Promise<void>;
  /**
   * Items of `pk` with `skFrom <= sk <= skTo` in sort-key order, consistent read, `expiresAt > nowSec`
   * only; at most `limit` of them (the first ones) when given.
   */
  query(pk: string, skFrom: string, skTo: string, nowSec: number, limit?: number): Promise<StateItem[]>;
  getFinding(id: string, nowSec: number): Promise<StoredFinding | undefined>;
  /**
   * Conditional put: succeeds only when the stored version is `expectedVersion` (undefined: no
   * finding yet). Returns false when another writer got there first.
   */
  putFinding(stored: StoredFinding, expectedVersion: number | undefined): Promise<boolean>;
  /** Records that `version` of the finding reached the findings queue (no-op if it moved on). */
  markFindingSent(id: string, version: number): Promise<void>;
}
