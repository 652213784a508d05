/** resolveHost: the host of a line from the CloudWatch stream name and the line's host name. */
import { hostKey, instanceIdOf, ipOfHostname, resolveHost } from '../../../../lambdas/core/sources/host/host-ref';

describe('resolveHost', () => {
  it.each([
    ['i-0123456789abcdef0', 'i-0123456789abcdef0'],
    ['i-0123456789abcdef0/docker', 'i-0123456789abcdef0'],
    ['i-0123456789abcdef0.log', 'i-0123456789abcdef0'],
    ['i-0123456789abcdef0-audit', 'i-0123456789abcdef0'],
    ['i-12345678', 'i-12345678'],
  ])('takes the instance id of the CloudWatch agent stream %s', (stream, id) => {
    expect(resolveHost(stream, undefined)).toEqual({ instanceId: id });
  });

  it.each(['i-0123456789abcdef0123', 'i-xyz', 'docker', 'kube-apiserver-audit-abc', 'i-1234567'])('does not read an instance id in %s', (stream) => {
    expect(instanceIdOf(stream)).toBeUndefined();
  });

  it('adds the line host name, and the IPv4 an EC2 host name spells', () => {
    expect(resolveHost('i-0123456789abcdef0', 'ip-10-0-1-5')).toEqual({ instanceId: 'i-0123456789abcdef0', hostname: 'ip-10-0-1-5', ip: '10.0.1.5' });
  });

  it('knows EKS node names and resource-named hosts', () => {
    expect(resolveHost(undefined, 'ip-192-168-12-34.us-west-2.compute.internal')).toEqual({
      hostname: 'ip-192-168-12-34.us-west-2.compute.internal',
      nodeName: 'ip-192-168-12-34.us-west-2.compute.internal',
      ip: '192.168.12.34',
    });
    expect(resolveHost(undefined, 'i-0123456789abcdef0.ec2.internal')).toMatchObject({ instanceId: 'i-0123456789abcdef0', nodeName: 'i-0123456789abcdef0.ec2.internal' });
  });

  it('uses a host-named stream (Fluent Bit) when the line names no host', () => {
    expect(resolveHost('ip-10-0-1-5.ec2.internal', undefined)).toEqual({ hostname: 'ip-10-0-1-5.ec2.internal', nodeName: 'ip-10-0-1-5.ec2.internal', ip: '10.0.1.5' });
  });

  it('knows no host from an arbitrary stream and no line host', () => {
    expect(resolveHost('docker-daemon', undefined)).toBeUndefined();
    expect(hostKey(undefined, 'docker-daemon')).toBe('docker-daemon');
  });

  it.each(['ip-10-0-1-500', 'ip-10-0-1', 'ip-10-0-1-5-6', 'host-10-0-1-5'])('spells no IPv4 in %s', (name) => {
    expect(ipOfHostname(name)).toBeUndefined();
  });
});
