import { describe, expect, it } from 'vitest';
import { catFileArgs, hardeningArgs, lsRemoteOriginArgs, lsRemoteUrlArgs } from '../../src/git/git-argv.js';

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

  it('build the stdin reader and the origin lookup without any user data', () => {
    expect(catFileArgs()).toEqual([...hardeningArgs(), '-c', 'core.warnAmbiguousRefs=true', 'cat-file', '--batch-check=%(objectname) %(objecttype)']);
    const origin = lsRemoteOriginArgs();
    expect(origin.slice(-2)).toEqual(['--end-of-options', 'origin']);
    expect(origin).toContain('remote.origin.uploadpack=git-upload-pack');
  });

  it('harden every command: transports allowlisted, no fsmonitor, no hooks, no askpass', () => {
    for (const argv of [catFileArgs(), lsRemoteOriginArgs(), lsRemoteUrlArgs('https://example.com/r.git')]) {
      const settings = argv.flatMap((arg, i) => (argv[i - 1] === '-c' ? [arg] : []));
      expect(settings.slice(0, 4)).toEqual(['protocol.allow=never', 'protocol.https.allow=always', 'protocol.ssh.allow=always', 'protocol.file.allow=always']);
      expect(settings).toEqual(expect.arrayContaining(['core.fsmonitor=false', 'core.hooksPath=/dev/null', 'core.askPass=']));
      expect(settings).not.toContain('protocol.http.allow=always');
      expect(settings.some((s) => s.startsWith('safe.directory'))).toBe(false);
    }
    expect(lsRemoteUrlArgs('http://127.0.0.1:9/r.git', { allowHttp: true })).toContain('protocol.http.allow=always');
  });
});
