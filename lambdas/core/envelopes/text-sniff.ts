/**
 * Which source a run of text lines comes from, told by content: a flow-log header or record, a
 * dockerd or auditd line. Used for plain files and for CloudWatch log groups not named in config.
 */
import type { SourceKind } from '../model/signal';
import { looksLikeHostLogLine } from '../sources/host';
import { isFlowHeaderLine } from '../sources/vpc-flow';

const FLOW_STATUS = new Set(['OK', 'NODATA', 'SKIPDATA']);
const FLOW_ACTION = new Set(['ACCEPT', 'REJECT', '-']);

/** A flow-log record in any format: a log-status token and an action token among ≥ 6 fields. */
export function looksLikeFlowRecord(line: string): boolean {
  const t = line.trim().split(/\s+/);
  if (t.length < 6) return false;
  return t.some((x) => FLOW_STATUS.has(x)) && t.some((x) => FLOW_ACTION.has(x));
}

export interface TextSniff {
  source: SourceKind;
  /** The header line of an S3-delivered flow-log file, which gives its format. */
  flowHeader?: string;
}

/** Looks at the first meaningful lines; undefined when none is recognised. */
export function sniffTextLines(lines: readonly string[], maxLines = 50): TextSniff | undefined {
  let seen = 0;
  for (const raw of lines) {
    const line = raw.trim();
    if (line.length === 0) continue;
    if (isFlowHeaderLine(line)) return { source: 'vpc-flow', flowHeader: line };
    const host = looksLikeHostLogLine(line);
    if (host) return { source: host };
    if (looksLikeFlowRecord(line)) return { source: 'vpc-flow' };
    if (++seen >= maxLines) break;
  }
  return undefined;
}

/**
 * The source of one text line, told by the line alone (files mixing sources are routed line by
 * line). `prefer` is tried first: the source of the previous lines, the usual answer.
 */
export function sniffTextLine(raw: string, prefer?: SourceKind): TextSniff | undefined {
  const line = raw.trim();
  if (line.length === 0) return undefined;
  if (prefer === 'vpc-flow' && looksLikeFlowRecord(line)) return { source: 'vpc-flow' };
  if (isFlowHeaderLine(line)) return { source: 'vpc-flow', flowHeader: line };
  const host = looksLikeHostLogLine(line);
  if (host) return { source: host };
  if (prefer !== 'vpc-flow' && looksLikeFlowRecord(line)) return { source: 'vpc-flow' };
  return undefined;
}
