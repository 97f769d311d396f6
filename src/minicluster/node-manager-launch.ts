/**
 * How a NodeManager turns the AM command into a process: ContainerLaunch.expandEnvironment replaces
 * `<LOG_DIR>`, `<CPS>`, `{{` → `$` and `}}` → `` (every occurrence), then launch_container.sh runs
 * `exec /bin/bash -c "<command>"` — inside double quotes. The mini cluster does exactly that with a
 * real /bin/bash and a stand-in `java` that records its argv, so it sees what a real JVM would get.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function expandNodeManagerMarkers(command: string, logDir: string): string {
  return command.replaceAll('<LOG_DIR>', logDir).replaceAll('<CPS>', ':').replaceAll('{{', '$').replaceAll('}}', '');
}

/** The launch script line the NodeManager writes for the command. */
export function launchScriptLine(expandedCommand: string): string {
  return `exec /bin/bash -c "${expandedCommand}"`;
}

export interface LaunchResult {
  /** The argv the JVM would have received (without the program name), or undefined if java never ran. */
  argv?: string[];
  /** What the launch shell itself printed to stderr (syntax errors and the like). */
  shellError: string;
  exitCode: number;
}

/**
 * Runs the command as the NodeManager would and returns the argv the stand-in java got.
 * `env` is the container environment (already marker-expanded).
 */
export async function launchWithRealShell(command: string, env: Record<string, string> = {}): Promise<LaunchResult> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'apx-nm-container-'));
  try {
    const javaHome = path.join(root, 'jdk');
    const pwd = path.join(root, 'container');
    const logDir = path.join(root, 'logs');
    const argvFile = path.join(root, 'argv');
    fs.mkdirSync(path.join(javaHome, 'bin'), { recursive: true });
    fs.mkdirSync(pwd);
    fs.mkdirSync(logDir);
    fs.writeFileSync(path.join(javaHome, 'bin', 'java'), `#!/bin/bash\nfor a in "$@"; do printf '%s\\0' "$a"; done > '${argvFile}'\n`, { mode: 0o755 });
    const script = path.join(root, 'launch_container.sh');
    fs.writeFileSync(script, `#!/bin/bash\nset -o pipefail -e\nexport JAVA_HOME='${javaHome}'\nexport PWD='${pwd}'\ncd '${pwd}'\n${launchScriptLine(expandNodeManagerMarkers(command, logDir))}\n`, { mode: 0o755 });
    const exitCode = await new Promise<number>((resolve) => {
      execFile('/bin/bash', [script], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: pwd, ...env }, cwd: pwd, timeout: 10_000 }, (err) => {
        resolve(err ? (typeof err.code === 'number' ? err.code : 1) : 0);
      });
    });
    const shellError = fs.existsSync(path.join(logDir, 'stderr')) ? fs.readFileSync(path.join(logDir, 'stderr'), 'utf8') : '';
    if (!fs.existsSync(argvFile)) return { shellError, exitCode: exitCode || 127 };
    const raw = fs.readFileSync(argvFile, 'utf8');
    const argv = raw === '' ? [] : raw.slice(0, -1).split('\0');
    return { argv, shellError, exitCode };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
