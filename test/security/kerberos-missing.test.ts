/** apx installs and runs without the optional `kerberos` package; only a Kerberos profile needs it, and says so. */
import { beforeEach, expect, it, vi } from 'vitest';

beforeEach(() => {
  vi.resetModules();
});

async function loadError(failure: Error): Promise<{ message: string; hint?: string; exitCode: number } | undefined> {
  vi.doMock('kerberos', () => {
    throw failure;
  });
  const { loadKerberos } = await import('../../src/security/gssapi.js');
  return loadKerberos().then(() => undefined, (e: unknown) => e as { message: string; hint?: string; exitCode: number });
}

it('a Kerberos profile without the optional package fails with one line saying what to install (exit 2)', async () => {
  const error = await loadError(Object.assign(new Error("Cannot find package 'kerberos' imported from dist/security/spnego.js"), { code: 'ERR_MODULE_NOT_FOUND' }));
  expect(error?.exitCode).toBe(2);
  expect(error?.message).toBe('this profile uses Kerberos (SPNEGO), which needs the optional `kerberos` package, and it is not installed');
  expect(error?.hint).toContain('libkrb5-dev');
  expect(error?.hint).toContain('npm install kerberos');
});

it('a package that is there but cannot load (no libkrb5 at run time) says why', async () => {
  const error = await loadError(new Error('libkrb5.so.3: cannot open shared object file: No such file or directory\n    at Module._extensions..node'));
  expect(error?.exitCode).toBe(2);
  expect(error?.message).toMatch(/cannot be loaded: .*libkrb5\.so\.3: cannot open shared object file: No such file or directory$/);
});
