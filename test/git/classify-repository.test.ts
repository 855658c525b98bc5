import { describe, expect, it } from 'vitest';
import { classifyRepository } from '../../src/git/index.js';
import { isLoopbackHost } from '../../src/net/loopback.js';

describe('classifyRepository', () => {
  it.each([
    'https://github.com/acme/billing.git',
    'https://gitlab.example.com:8443/group/sub/repo',
    'ssh://git@github.com/acme/billing.git',
    'ssh://git@[2001:db8::1]:2222/acme/billing.git',
    'git@github.com:acme/billing.git',
    'github.com:acme/billing.git',
    'file:///srv/git/billing.git',
    'http://127.0.0.1:8080/repo.git',
    'http://localhost/repo.git',
    'http://[::1]:9418/repo.git',
  ])('accepts the remote %s', (value) => {
    expect(classifyRepository(value)).toEqual({ type: 'remote', url: value });
  });

  it.each(['../billing', './services/api', 'billing', '/abs/path/repo', '../my:dir/x', '.'])('treats %s as a local path', (value) => {
    expect(classifyRepository(value)).toEqual({ type: 'local', path: value });
  });

  it.each([
    ['', 'empty'],
    ['ext::sh -c touch% /tmp/pwned', 'whitespace'],
    ['ext::ssh', 'remote helpers'],
    ['fd::17', 'remote helpers'],
    ['http://example.com/repo.git', 'loopback'],
    ['http://10.0.0.1/repo.git', 'loopback'],
    ['git://example.com/repo.git', 'git://'],
    ['ftp://example.com/repo.git', 'not supported'],
    ['-oProxyCommand=touch /tmp/x', 'whitespace'],
    ['--upload-pack=touch', 'starts with "-"'],
    ['ssh://-oProxyCommand=touch/x', 'host'],
    ['-oProxyCommand=x:repo', 'starts with "-"'],
    ['git@-oProxyCommand=x:repo', 'host'],
    ['-user@host:repo', 'starts with "-"'],
    ['user@host:-repo', 'must not start with "-"'],
    ['https://user:secret@github.com/acme/billing.git', 'credentials'],
    ['https://ghp_token@github.com/acme/billing.git', 'credentials'],
    ['ssh://git:secret@github.com/acme/billing.git', 'credentials'],
    ['../billing\n--output=x', 'control'],
    ['https://github.com/acme/bill ing.git', 'whitespace'],
    ['file://otherhost/srv/repo.git', 'this machine'],
    ['host:', 'no repository path'],
  ])('refuses %j (%s)', (value, reason) => {
    const result = classifyRepository(value);
    expect(result.type).toBe('invalid');
    if (result.type === 'invalid') expect(result.reason).toContain(reason);
  });

  it('knows loopback hosts', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['example.com', '10.0.0.1', '128.0.0.1', 'localhost.evil.com', '127.0.0.1.nip.io']) expect(isLoopbackHost(host), host).toBe(false);
  });
});
