import { describe, expect, it } from 'vitest';
import { catFileArgs, configListArgs, localHardeningArgs, lsRemoteUrlArgs } from '../../src/git/git-argv.js';

const SENTINELS = ['--upload-pack=touch /tmp/pwned', '-h', 'https://example.com/repo.git', 'git@github.com:org/repo.git', '-c'];

/** Every argv builder that takes user data, with the data it was given. */
function buildersWithUserData(value: string): { name: string; argv: string[] }[] {
  return [
    { name: 'lsRemoteUrlArgs', argv: lsRemoteUrlArgs(value) },
    { name: 'lsRemoteUrlArgs http', argv: lsRemoteUrlArgs(value, { allowHttp: true }) },
    { name: 'lsRemoteUrlArgs heads/tags', argv: lsRemoteUrlArgs(value, { headsAndTags: true }) },
  ];
}

describe('git argv builders', () => {
  it('put --end-of-options immediately before every piece of user data (checklist item 8)', () => {
    // Build each argv twice with different user data: wherever the two differ is user data, and
    // every such position must come right after --end-of-options.
    const baseline = buildersWithUserData('https://example.org/baseline.git');
    for (const value of SENTINELS) {
      buildersWithUserData(value).forEach(({ name, argv }, b) => {
        const other = (baseline[b] as { argv: string[] }).argv;
        expect(argv.length, name).toBe(other.length);
        const differing = argv.flatMap((arg, i) => (arg !== other[i] ? [i] : []));
        expect(differing.length, `${name}: ${value}`).toBeGreaterThan(0);
        for (const i of differing) expect(argv[i - 1], `${name}: ${value} at ${i}`).toBe('--end-of-options');
        expect(argv.indexOf('--end-of-options'), name).toBe(argv.length - 2);
      });
    }
  });

  it('build the stdin reader without any user data, and read a config file as one --file= argument', () => {
    expect(catFileArgs()).toEqual([...localHardeningArgs(), '-c', 'core.warnAmbiguousRefs=true', 'cat-file', '--batch-check=%(objectname) %(objecttype)']);
    const config = configListArgs('-h --upload-pack=x');
    expect(config.at(-1)).toBe('--file=-h --upload-pack=x');
    expect(config.slice(-6, -1)).toEqual(['config', '--list', '--null', '--show-origin', '--includes']);
  });

  it('pin the upload-pack program of ls-remote on the command line (no config can override it)', () => {
    for (const argv of [lsRemoteUrlArgs('https://example.com/r.git'), lsRemoteUrlArgs('file:///x', { headsAndTags: true })]) {
      expect(argv.indexOf('--upload-pack=git-upload-pack')).toBe(argv.indexOf('ls-remote') + 1);
    }
  });

  it('harden every command: no fsmonitor, no hooks, no pager, no askpass, no implicit bare repository', () => {
    for (const argv of [catFileArgs(), configListArgs('/x/config'), lsRemoteUrlArgs('https://example.com/r.git')]) {
      const settings = argv.flatMap((arg, i) => (argv[i - 1] === '-c' ? [arg] : []));
      expect(settings[0]).toBe('protocol.allow=never');
      expect(settings).toEqual(
        expect.arrayContaining(['core.fsmonitor=false', 'core.hooksPath=/dev/null', 'core.askPass=', 'core.pager=cat', 'safe.bareRepository=explicit']),
      );
      expect(settings).not.toContain('protocol.http.allow=always');
      expect(settings.some((s) => s.startsWith('safe.directory'))).toBe(false);
    }
    expect(lsRemoteUrlArgs('http://127.0.0.1:9/r.git', { allowHttp: true })).toContain('protocol.http.allow=always');
  });

  it('turn every transport off, and empty the credential helpers, for commands run inside a repository', () => {
    for (const argv of [catFileArgs(), configListArgs('/x/config')]) {
      const settings = argv.flatMap((arg, i) => (argv[i - 1] === '-c' ? [arg] : []));
      expect(settings.filter((s) => s.startsWith('protocol.'))).toEqual(['protocol.allow=never']);
      expect(settings).toContain('credential.helper=');
    }
    const remote = lsRemoteUrlArgs('https://example.com/r.git').flatMap((arg, i, argv) => (argv[i - 1] === '-c' ? [arg] : []));
    expect(remote.slice(0, 4)).toEqual(['protocol.allow=never', 'protocol.https.allow=always', 'protocol.ssh.allow=always', 'protocol.file.allow=always']);
  });
});
