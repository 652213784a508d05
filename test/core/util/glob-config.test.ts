/** Config validation bounds every glob so that matching it stays cheap, naming the key. */
import { parseConfig } from '../../../lambdas/core/model/config';

describe('glob keys in the config', () => {
  it('rejects a glob with more than 16 "*", naming the key', () => {
    expect(() => parseConfig({ approvedBuilders: { kubernetesUsers: ['*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b'] } })).toThrow('config key "approvedBuilders.kubernetesUsers[0]": must hold at most 16 "*"');
    expect(() => parseConfig({ approvedBuilders: { hosts: ['*-*-*-*-*-*-*-*-*-*-*-*-*-*-*-*-*'] } })).toThrow('config key "approvedBuilders.hosts[0]": must hold at most 16 "*"');
  });

  it('rejects a glob longer than 2048 characters, naming the key', () => {
    expect(() => parseConfig({ registryAllowList: [`a${'b'.repeat(2048)}`] })).toThrow('config key "registryAllowList[0]": must be at most 2048 characters');
  });

  it('accepts 16 "*" and a 2048-character glob', () => {
    expect(parseConfig({ registryAllowList: ['*a'.repeat(16), 'x'.repeat(2048)] }).registryAllowList).toHaveLength(2);
  });

  it('maxClockSkewMinutes defaults to 15 and is bounded to 0–1440', () => {
    expect(parseConfig({}).maxClockSkewMinutes).toBe(15);
    expect(parseConfig({ maxClockSkewMinutes: 0 }).maxClockSkewMinutes).toBe(0);
    expect(() => parseConfig({ maxClockSkewMinutes: 1441 })).toThrow('config key "maxClockSkewMinutes": must be at most 1440');
    expect(() => parseConfig({ maxClockSkewMinutes: -1 })).toThrow('config key "maxClockSkewMinutes"');
  });
});
