import {
  DEFAULT_FLOW_FORMAT,
  FLOW_FIELD_VERSIONS,
  isFlowHeaderLine,
  parseFlowFormat,
} from '../../../../lambdas/core/sources/vpc-flow';

describe('parseFlowFormat', () => {
  it('reads the AWS ${field} syntax into column indexes', () => {
    const f = parseFlowFormat('${version} ${interface-id} ${account-id} ${srcaddr}');
    expect(f.fields).toEqual(['version', 'interface-id', 'account-id', 'srcaddr']);
    expect(f.col['interface-id']).toBe(1);
    expect(f.col.srcaddr).toBe(3);
    expect(f.col.dstaddr).toBe(-1);
    expect(f.version).toBe(2);
  });

  it('reads space-separated names, with runs of whitespace and surrounding blanks', () => {
    const f = parseFlowFormat('  instance-id\tinterface-id  srcaddr dstaddr pkt-srcaddr pkt-dstaddr \n');
    expect(f.fields).toEqual(['instance-id', 'interface-id', 'srcaddr', 'dstaddr', 'pkt-srcaddr', 'pkt-dstaddr']);
    expect(f.version).toBe(3);
  });

  it('parses the default format into the 14 version-2 fields in documented order', () => {
    const f = parseFlowFormat(DEFAULT_FLOW_FORMAT);
    expect(f.fields).toEqual([
      'version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport',
      'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log-status',
    ]);
    expect(f.version).toBe(2);
  });

  it('knows every documented field of versions 2 to 8 with its version', () => {
    const documented =
      'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status ' +
      'vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id sublocation-type sublocation-id ' +
      'pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path ecs-cluster-arn ecs-cluster-name ' +
      'ecs-container-instance-arn ecs-container-instance-id ecs-container-id ecs-second-container-id ecs-service-name ' +
      'ecs-task-definition-arn ecs-task-arn ecs-task-id reject-reason';
    expect(Object.keys(FLOW_FIELD_VERSIONS)).toEqual(documented.split(' '));
    expect(FLOW_FIELD_VERSIONS).toMatchObject({
      'tcp-flags': 3, 'pkt-srcaddr': 3, 'az-id': 4, 'sublocation-id': 4, 'pkt-dst-aws-service': 5,
      'flow-direction': 5, 'traffic-path': 5, 'ecs-cluster-arn': 7, 'ecs-task-id': 7, 'reject-reason': 8,
    });
    const all = parseFlowFormat(Object.keys(FLOW_FIELD_VERSIONS).map((f) => `\${${f}}`).join(' '));
    expect(all.fields).toHaveLength(40);
    expect(all.version).toBe(8);
  });

  it('takes the highest field version as the format version (v5 traffic-path sample)', () => {
    expect(parseFlowFormat('version srcaddr traffic-path flow-direction').version).toBe(5);
    expect(parseFlowFormat('${ecs-task-id} ${srcaddr}').version).toBe(7);
  });

  it('throws naming the unknown field', () => {
    expect(() => parseFlowFormat('${version} ${xyz} ${srcaddr}')).toThrow('unknown flow-log field "xyz"');
    expect(() => parseFlowFormat('version resource-type srcaddr')).toThrow('unknown flow-log field "resource-type"');
    expect(() => parseFlowFormat('${srcaddr}${dstaddr}')).toThrow(/unknown flow-log field "srcaddr}\$\{dstaddr"/);
  });

  it('rejects duplicate fields and empty formats', () => {
    expect(() => parseFlowFormat('srcaddr dstaddr srcaddr')).toThrow('duplicate flow-log field "srcaddr"');
    expect(() => parseFlowFormat('   ')).toThrow('flow-log format names no field');
  });

  it('accepts upper-case names by lower-casing them', () => {
    expect(parseFlowFormat('${Version} SRCADDR').fields).toEqual(['version', 'srcaddr']);
  });
});

describe('isFlowHeaderLine', () => {
  it('recognises the S3 header line of field names', () => {
    expect(isFlowHeaderLine('version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status')).toBe(true);
    expect(isFlowHeaderLine('instance-id interface-id srcaddr dstaddr pkt-srcaddr pkt-dstaddr\r')).toBe(true);
  });

  it('still calls a header with an unknown name a header, so that it is reported', () => {
    expect(isFlowHeaderLine('version account-id resource-type srcaddr')).toBe(true);
  });

  it('does not mistake records for headers', () => {
    expect(isFlowHeaderLine('2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK')).toBe(false);
    expect(isFlowHeaderLine('- eni-1235b8ca123456789 10.0.1.5 10.0.0.220 10.0.1.5 203.0.113.5')).toBe(false);
    expect(isFlowHeaderLine('i-01234567890123456 eni-1111aaaa2222bbbb3 10.0.1.5 203.0.113.5 10.0.1.5 203.0.113.5')).toBe(false);
    expect(isFlowHeaderLine('us-east-1 use1-az1')).toBe(false);
    expect(isFlowHeaderLine('version 2 IPv4')).toBe(false);
    expect(isFlowHeaderLine('')).toBe(false);
  });
});
