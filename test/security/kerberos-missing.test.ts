/** apx installs and runs without the optional `kerberos` package; only a Kerberos profile needs it, and says so. */
import { expect, it, vi } from 'vitest';
import { loadKerberos } from '../../src/security/spnego.js';

vi.mock('kerberos', () => {
  throw new Error("Cannot find package 'kerberos' imported from dist/security/spnego.js");
});

it('a Kerberos profile without the optional package fails with one line saying what to install (exit 2)', async () => {
  const error = await loadKerberos().then(() => undefined, (e: unknown) => e as { message: string; hint?: string; exitCode: number });
  expect(error?.exitCode).toBe(2);
  expect(error?.message).toBe('this profile uses Kerberos (SPNEGO), which needs the optional `kerberos` package, and it is not installed');
  expect(error?.hint).toContain('libkrb5-dev');
  expect(error?.hint).toContain('npm install kerberos');
});
