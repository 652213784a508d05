/** The one config loader of the CDK app, the CLI and the handlers: defaults, and errors that name the file and the key. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigFileError, loadConfigFile } from '../../lambdas/contract';
import { ConfigError, DEFAULT_CONFIG } from '../../lambdas/core/model/config';

const dir = mkdtempSync(join(tmpdir(), 'an1261-contract-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('Function: loadConfigFile', () => {
  it('means the defaults when no file is given', () => {
    expect(loadConfigFile(undefined)).toBe(DEFAULT_CONFIG);
  });

  it('validates the file with the shared schema and fills defaults', () => {
    const config = loadConfigFile(file('ok.json', JSON.stringify({ timeWindowMinutes: 90 })));
    expect(config).toEqual({ ...DEFAULT_CONFIG, timeWindowMinutes: 90 });
  });

  it('fails on an absent file naming it, unless told an absent file means the defaults', () => {
    const absent = join(dir, 'absent.json');
    expect(() => loadConfigFile(absent)).toThrow(ConfigFileError);
    expect(() => loadConfigFile(absent)).toThrow(`${absent}: cannot read config (ENOENT)`);
    expect(loadConfigFile(absent, { ifMissing: 'defaults' })).toBe(DEFAULT_CONFIG);
  });

  it('names the file, and where its path came from, when it is not JSON; the parse error is the cause', () => {
    const bad = file('bad.json', '{ "timeWindowMinutes": ');
    let thrown: unknown;
    try {
      loadConfigFile(bad, { origin: 'AN1261_CONFIG_FILE' });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ConfigFileError);
    expect(thrown).toBeInstanceOf(ConfigError); // one family: every config problem
    expect((thrown as ConfigFileError).message).toMatch(new RegExp(`^AN1261_CONFIG_FILE ${bad}: config is not valid JSON \\(`));
    expect((thrown as ConfigFileError).file).toBe(bad);
    expect((thrown as ConfigFileError).cause).toBeInstanceOf(SyntaxError);
  });

  it('names the file and the key of a bad value', () => {
    const bad = file('bad-key.json', JSON.stringify({ timeWindowMinutes: -1, colour: 'red' }));
    expect(() => loadConfigFile(bad)).toThrow(ConfigError);
    expect(() => loadConfigFile(bad)).toThrow(`${bad} key "timeWindowMinutes"`);
    expect(() => loadConfigFile(bad)).toThrow(`${bad} key "colour": unknown key`);
  });
});
