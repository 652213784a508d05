/**
 * VPC flow logs → egress signals and instance ↔ IP links. The volume path: the format is parsed
 * once per batch (or per header line) into column indexes; each line is scanned once; every
 * accepted or rejected line naming an instance adds to that instance's (instance, IP) pair
 * (offered once per batch to INSTANCE_ADDRESS_RULES); the untrusted-egress rule's first steps
 * (status, then addresses) are applied to the raw columns, so internal and trusted traffic is
 * counted under the rule's own reasons and dropped without allocating; only candidate egress
 * builds a FlowRecord, which is offered to FLOW_RULES (./flow-outcomes).
 */
import type { BatchContext, SourceRecord } from '../../model/batch';
import type { Tally } from '../../model/normalize-result';
import type { DetectionSettings } from '../../model/settings';
import type { FlowAction, FlowDirection, FlowLogStatus, FlowRecord } from '../../records/vpc-flow/flow-record';
import { addressVerdict, FLOW_IGNORE, statusVerdict } from '../../rules/vpc-flow/untrusted-egress.rule';
import { addressKey } from '../../util/cidr';
import { type AddressClass, classifyAddress, isRfc1918At, isTrustedService } from './classify-destination';
import { DEFAULT_FLOW_FORMAT, FLOW_FIELD_VERSIONS, isFlowHeaderLine, parseFlowFormat } from './flow-format';
import { emptyNumbers, type FlowLayout, type FlowNumbers, layoutOf, readNumbers } from './flow-layout';
import { FlowColumns, isBlank, unwrapFlowLine } from './flow-line';
import { FlowOutcomes } from './flow-outcomes';
import { FLOW_PARSE, IgnoreCounts, type IgnoreReason } from './flow-reasons';
import { InstanceIpLinks } from './instance-ip-links';
import { errorMessage } from '../../util/errors';

const isWhitespace = (s: string): boolean => /^[ \t\r\n]*$/.test(s);

/**
 * Normalizes one batch of flow-log lines into egress signals (one per aggregation key), then
 * instance-ip links (one per instance and own address), and counted reasons. Format: a header
 * line in the batch (applies to the lines after it), else `ctx.flowFormat`, else the default v2
 * format. Never throws.
 */
export function normalizeVpcFlow(
  records: SourceRecord<string>[],
  ctx: BatchContext & { flowFormat?: string },
  settings: DetectionSettings,
  tally: Tally,
): void {
  let layout: FlowLayout | undefined;
  let formatError = '';
  try {
    layout = layoutOf(parseFlowFormat(ctx.flowFormat ?? DEFAULT_FLOW_FORMAT));
  } catch (e) {
    formatError = `flow format "${String(ctx.flowFormat).slice(0, 200)}": ${errorMessage(e)}`;
  }
  const ignored = new IgnoreCounts();
  const batch: BatchState = {
    cols: new FlowColumns(Object.keys(FLOW_FIELD_VERSIONS).length),
    numbers: emptyNumbers(),
    outcomes: new FlowOutcomes(ctx, tally, ignored),
    links: new InstanceIpLinks(),
    ctx,
    settings,
    tally,
  };

  for (const record of records) {
    const data: unknown = record.data;
    let line: string;
    if (typeof data === 'string' && data.charCodeAt(0) > 32 && data.charCodeAt(0) !== 123) {
      line = data; // the common case: a plain line, no wrapper to look for
    } else {
      // An empty or whitespace line is no record (files end with one); a line of control
      // characters is one, counted (fuzz: it used to vanish uncounted).
      if (typeof data === 'string' && isBlank(data)) {
        if (!isWhitespace(data)) {
          tally.records++;
          ignored.add(FLOW_PARSE.blankLine);
        }
        continue;
      }
      const unwrapped = unwrapFlowLine(data);
      if ('error' in unwrapped) {
        tally.records++;
        tally.reject(unwrapped.error, record.ref, unwrapped.detail);
        continue;
      }
      line = unwrapped.line;
      if (isBlank(line)) {
        if (!isWhitespace(line)) {
          tally.records++;
          ignored.add(FLOW_PARSE.blankLine);
        }
        continue;
      }
    }
    tally.records++;

    const first = line.charCodeAt(0);
    if (first >= 97 && first <= 122 && isFlowHeaderLine(line)) {
      try {
        layout = layoutOf(parseFlowFormat(line));
        ignored.add(FLOW_PARSE.header);
      } catch (e) {
        layout = undefined;
        formatError = `header line: ${errorMessage(e)}`;
        tally.reject(FLOW_PARSE.invalidHeader, record.ref, formatError);
      }
      continue;
    }
    if (layout === undefined) {
      tally.reject(FLOW_PARSE.invalidFormat, record.ref, formatError);
      continue;
    }
    try {
      const reason = readLine(line, record, layout, batch);
      if (reason !== undefined) ignored.add(reason);
    } catch (e) {
      // Defensive: a bug must cost one record, not the batch.
      tally.reject('vpc-flow:unexpected-error', record.ref, errorMessage(e));
    }
  }
  batch.outcomes.flush();
  batch.links.flush(ctx, tally);
  ignored.flush(tally);
}

/** Latest epoch ms a JS Date can hold. */
const MAX_EPOCH_MS = 8_640_000_000_000_000;

function envelopeTime(ts: unknown): number {
  return typeof ts === 'number' && ts >= 0 && ts <= MAX_EPOCH_MS ? ts : -1;
}

function readStatus(cols: FlowColumns, col: number): FlowLogStatus {
  if (col < 0) return 'absent';
  if (cols.is(col, 'OK')) return 'OK';
  if (cols.is(col, 'NODATA')) return 'NODATA';
  if (cols.is(col, 'SKIPDATA')) return 'SKIPDATA';
  return 'other';
}

function readAction(cols: FlowColumns, col: number): FlowAction {
  if (col < 0) return 'absent';
  if (cols.is(col, 'ACCEPT')) return 'ACCEPT';
  if (cols.is(col, 'REJECT')) return 'REJECT';
  return 'other';
}

function readDirection(cols: FlowColumns, col: number): FlowDirection {
  if (col < 0) return 'absent';
  if (cols.is(col, 'egress')) return 'egress';
  if (cols.is(col, 'ingress')) return 'ingress';
  return 'absent';
}

/** What the lines of one batch share: reused buffers, the rules' outcomes, where results go. */
interface BatchState {
  readonly cols: FlowColumns;
  readonly numbers: FlowNumbers;
  readonly outcomes: FlowOutcomes;
  readonly links: InstanceIpLinks;
  readonly ctx: BatchContext;
  readonly settings: DetectionSettings;
  readonly tally: Tally;
}

/** Reads one line: rejects it, offers it to the flow rules, or returns why it is not egress. */
function readLine(line: string, record: SourceRecord<string>, L: FlowLayout, batch: BatchState): IgnoreReason | undefined {
  const { cols, settings, tally } = batch;
  const count = cols.split(line);
  if (count !== L.fieldCount) {
    tally.reject(FLOW_PARSE.fieldCount, record.ref, `expected ${L.fieldCount} fields, got ${count}: ${line.slice(0, 200)}`);
    return undefined;
  }
  const logStatus = readStatus(cols, L.logStatus);
  const action = readAction(cols, L.action);
  const statusReason = statusVerdict(logStatus, action);
  // Rejected flows name their instance too: links come from every flow, before egress is judged.
  if (L.instanceId >= 0 && (statusReason === undefined || statusReason === FLOW_IGNORE.notAccepted)) {
    batch.links.note(cols, L, record, batch.ctx, settings);
  }
  if (statusReason !== undefined) {
    if (statusReason === FLOW_IGNORE.skipdata) tally.skipData++;
    return statusReason;
  }

  // pkt-srcaddr/pkt-dstaddr name the real endpoints behind NAT gateways and EKS pod networking.
  const srcCol = L.pktSrcaddr >= 0 && !cols.absent(L.pktSrcaddr) ? L.pktSrcaddr : L.srcaddr;
  const dstCol = L.pktDstaddr >= 0 && !cols.absent(L.pktDstaddr) ? L.pktDstaddr : L.dstaddr;
  if (cols.absent(srcCol) || cols.absent(dstCol)) {
    return FLOW_PARSE.noAddress;
  }
  const srcRfc1918 = isRfc1918At(line, cols.start(srcCol), cols.end(srcCol));
  if (srcRfc1918 && isRfc1918At(line, cols.start(dstCol), cols.end(dstCol))) {
    return FLOW_IGNORE.internalDestination; // the bulk of VPC traffic, decided without parsing an address
  }

  const rawSrc = cols.text(srcCol)!;
  const rawDst = cols.text(dstCol)!;
  const srcClass: AddressClass = srcRfc1918 ? 'internal' : classifyAddress(rawSrc, settings);
  const direction = readDirection(cols, L.flowDirection);
  const srcIsInterface = direction === 'egress' && (srcCol === L.srcaddr || cols.text(L.srcaddr) === rawSrc);
  let dstClass = classifyAddress(rawDst, settings);
  if (dstClass === 'untrusted' && L.pktDstAwsService >= 0 && isTrustedService(cols.text(L.pktDstAwsService), settings)) dstClass = 'trusted';
  const addressReason = addressVerdict(srcClass, srcIsInterface, dstClass);
  if (addressReason === FLOW_IGNORE.invalidAddress) {
    tally.reject(FLOW_PARSE.invalidAddress, record.ref, `source "${rawSrc.slice(0, 60)}", destination "${rawDst.slice(0, 60)}"`);
    return undefined;
  }
  if (addressReason !== undefined) {
    return addressReason;
  }

  // A candidate: read the numbers and build the record the rules judge.
  const n = batch.numbers;
  const invalid = readNumbers(cols, L, n);
  if (invalid !== undefined) {
    tally.reject(FLOW_PARSE.invalidNumber, record.ref, invalid);
    return undefined;
  }
  // A format without `start` (e.g. the NAT gateway example) falls back to the envelope's time.
  const startMs = n.start >= 0 ? n.start * 1000 : envelopeTime(record.timestamp);
  if (startMs < 0) {
    return FLOW_PARSE.noTime;
  }
  const endMs = n.end >= 0 ? Math.max(n.end * 1000, startMs) : startMs;
  const account = cols.text(L.accountId);
  const flow: FlowRecord = {
    logStatus,
    action,
    direction,
    srcIp: addressKey(rawSrc),
    dstIp: addressKey(rawDst),
    srcClass,
    dstClass,
    srcIsInterface,
    protocol: n.protocol,
    srcPort: n.srcPort,
    dstPort: n.dstPort,
    tcpFlags: n.tcpFlags,
    packets: n.packets,
    bytes: n.bytes,
    startMs,
    endMs,
    bucketMs: Math.floor(startMs / settings.timeWindowMs) * settings.timeWindowMs,
    account: account !== undefined && account !== 'unknown' ? account : batch.ctx.account,
    region: cols.text(L.region) ?? batch.ctx.region,
    instanceId: cols.text(L.instanceId),
    eni: cols.text(L.interfaceId),
    dstService: cols.text(L.pktDstAwsService),
  };
  batch.outcomes.evaluate(flow, record.ref);
  return undefined;
}
