/**
 * The proposal's JSON Patch (RFC 6902 `add`): it creates what the raw config lacks with one `add` of
 * the whole object, appends to lists that exist with `/-`, never changes its input, and the patched
 * config passes parseConfig.
 */
import { parseConfig } from '../../../lambdas/core/model/config';
import { applyJsonPatch, listAppendOps, pointerToken } from '../../../lambdas/core/tune/json-patch';
import { proposalPatch } from '../../../lambdas/core/tune/propose';
import type { ProposedEntry } from '../../../lambdas/core/tune/proposal-types';

const entry = (key: ProposedEntry['key'], value: ProposedEntry['value']): ProposedEntry => ({
  key, value, covers: { events: 5, days: 5, firstSeen: '2026-11-02T09:00:00.000Z', lastSeen: '2026-11-06T09:00:00.000Z', examples: [] }, risks: [],
});

const ENTRIES = [
  entry('approvedBuilders.namespaces', 'ci'),
  entry('approvedBuilders.hosts', '10.0.200.0/26'),
  entry('trustedDestinations.cidrs', '203.0.113.0/24'),
  entry('registryAllowList', '111122223333.dkr.ecr.us-east-1.amazonaws.com/*'),
  entry('releaseWindows', { days: ['Mon', 'Tue'], start: '08:00', end: '18:00', timeZone: 'UTC' }),
];

describe('proposalPatch', () => {
  it('adds whole objects to a raw config missing approvedBuilders, once per object', () => {
    const raw = { timeWindowMinutes: 10 };
    const patch = proposalPatch(raw, ENTRIES);
    expect(patch).toEqual([
      { op: 'add', path: '/approvedBuilders', value: { namespaces: ['ci'] } },
      { op: 'add', path: '/approvedBuilders/hosts', value: ['10.0.200.0/26'] },
      { op: 'add', path: '/trustedDestinations', value: { cidrs: ['203.0.113.0/24'] } },
      { op: 'add', path: '/registryAllowList', value: ['111122223333.dkr.ecr.us-east-1.amazonaws.com/*'] },
      { op: 'add', path: '/releaseWindows', value: [{ days: ['Mon', 'Tue'], start: '08:00', end: '18:00', timeZone: 'UTC' }] },
    ]);
    const patched = applyJsonPatch(raw, patch);
    expect(raw).toEqual({ timeWindowMinutes: 10 });
    expect(parseConfig(patched).approvedBuilders).toEqual({ principals: [], hosts: ['10.0.200.0/26'], kubernetesUsers: [], namespaces: ['ci'] });
  });

  it('appends with /- to the lists a raw config has, leaving what is there', () => {
    const raw = { approvedBuilders: { namespaces: ['build'], hosts: [] }, registryAllowList: ['r.example/*'] };
    const patch = proposalPatch(raw, ENTRIES.slice(0, 2).concat(ENTRIES[3]!));
    expect(patch).toEqual([
      { op: 'add', path: '/approvedBuilders/namespaces/-', value: 'ci' },
      { op: 'add', path: '/approvedBuilders/hosts/-', value: '10.0.200.0/26' },
      { op: 'add', path: '/registryAllowList/-', value: '111122223333.dkr.ecr.us-east-1.amazonaws.com/*' },
    ]);
    expect(parseConfig(applyJsonPatch(raw, patch))).toMatchObject({ approvedBuilders: { namespaces: ['build', 'ci'], hosts: ['10.0.200.0/26'] }, registryAllowList: ['r.example/*', '111122223333.dkr.ecr.us-east-1.amazonaws.com/*'] });
  });

  it('leaves out values the list already holds', () => {
    expect(proposalPatch({ approvedBuilders: { namespaces: ['ci'] } }, [ENTRIES[0]!])).toEqual([]);
  });

  it('starts from {} when there is no config file', () => {
    const patch = proposalPatch(undefined, [ENTRIES[0]!]);
    expect(patch[0]).toEqual({ op: 'add', path: '', value: {} });
    expect(applyJsonPatch(undefined, patch)).toEqual({ approvedBuilders: { namespaces: ['ci'] } });
  });
});

describe('applyJsonPatch', () => {
  it('adds at an index and at the end of arrays, and into objects', () => {
    expect(applyJsonPatch({ a: [1, 3] }, [{ op: 'add', path: '/a/1', value: 2 }, { op: 'add', path: '/a/-', value: 4 }, { op: 'add', path: '/b', value: { c: 1 } }])).toEqual({ a: [1, 2, 3, 4], b: { c: 1 } });
  });

  it('refuses a path whose parent does not exist, and an index past the end', () => {
    expect(() => applyJsonPatch({}, [{ op: 'add', path: '/a/b', value: 1 }])).toThrow(/a does not exist/);
    expect(() => applyJsonPatch({ a: [] }, [{ op: 'add', path: '/a/2', value: 1 }])).toThrow(/out of range/);
  });

  it('escapes and unescapes JSON Pointer tokens', () => {
    expect(pointerToken('a/b~c')).toBe('a~1b~0c');
    expect(applyJsonPatch({}, listAppendOps({}, ['a/b~c'], ['x']))).toEqual({ 'a/b~c': ['x'] });
  });
});
