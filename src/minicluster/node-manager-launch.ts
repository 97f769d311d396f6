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

/** A JDK installed on the node: where, and its feature release (8, 11, 17, …). */
export interface NodeJdk {
  javaHome: string;
  feature: number;
}

/**
 * The recorded lab's node: one JDK, Java 17, which the NodeManager gives containers as the
 * whitelisted JAVA_HOME (aggregated-logs/cli/spark-succeeded-am-1.txt, launch_container.sh:
 * `export JAVA_HOME=${JAVA_HOME:-"/usr/lib/jvm/java-17-openjdk-amd64"}`).
 */
export const RECORDED_NODE_JDKS: NodeJdk[] = [{ javaHome: '/usr/lib/jvm/java-17-openjdk-amd64', feature: 17 }];

export interface LaunchResult {
  /** The argv the JVM would have received (without the program name), or undefined if java never ran. */
  argv?: string[];
  /** The feature release of the JDK whose java ran (the container's JAVA_HOME). */
  javaFeature?: number;
  /** What the launch shell itself printed to stderr (syntax errors and the like). */
  shellError: string;
  exitCode: number;
}

/**
 * Runs the command as the NodeManager would and returns the argv the stand-in java got.
 * `env` is the container environment (already marker-expanded). The node's JDKs live under a private
 * root, so a JAVA_HOME the submission sets finds a stand-in only where the node has that JDK; the
 * first JDK is the NodeManager's own JAVA_HOME, used when the container does not set one.
 */
export async function launchWithRealShell(command: string, env: Record<string, string> = {}, jdks: NodeJdk[] = RECORDED_NODE_JDKS): Promise<LaunchResult> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'apx-nm-container-'));
  const nodeFs = path.join(root, 'node');
  try {
    const pwd = path.join(root, 'container');
    const logDir = path.join(root, 'logs');
    const argvFile = path.join(root, 'argv');
    const featureFile = path.join(root, 'java-feature');
    fs.mkdirSync(pwd);
    fs.mkdirSync(logDir);
    for (const jdk of jdks) {
      const bin = path.join(nodeFs, jdk.javaHome, 'bin');
      fs.mkdirSync(bin, { recursive: true });
      fs.writeFileSync(path.join(bin, 'java'), `#!/bin/bash\necho ${jdk.feature} > '${featureFile}'\nfor a in "$@"; do printf '%s\\0' "$a"; done > '${argvFile}'\n`, { mode: 0o755 });
    }
    const defaultHome = path.join(nodeFs, jdks[0]?.javaHome ?? '/usr/lib/jvm/default');
    const script = path.join(root, 'launch_container.sh');
    // Whitelisted variables keep the container's value (yarn.nodemanager.env-whitelist, as recorded).
    fs.writeFileSync(script, `#!/bin/bash\nset -o pipefail -e\nexport JAVA_HOME=\${JAVA_HOME:-'${defaultHome}'}\nexport PWD='${pwd}'\ncd '${pwd}'\n${launchScriptLine(expandNodeManagerMarkers(command, logDir))}\n`, { mode: 0o755 });
    const containerEnv = { ...env };
    if (containerEnv.JAVA_HOME?.startsWith('/')) containerEnv.JAVA_HOME = path.join(nodeFs, containerEnv.JAVA_HOME);
    const exitCode = await new Promise<number>((resolve) => {
      execFile('/bin/bash', [script], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: pwd, ...containerEnv }, cwd: pwd, timeout: 10_000 }, (err) => {
        resolve(err ? (typeof err.code === 'number' ? err.code : 1) : 0);
      });
    });
    const shellError = (fs.existsSync(path.join(logDir, 'stderr')) ? fs.readFileSync(path.join(logDir, 'stderr'), 'utf8') : '').replaceAll(nodeFs, '');
    if (!fs.existsSync(argvFile)) return { shellError, exitCode: exitCode || 127 };
    const raw = fs.readFileSync(argvFile, 'utf8');
    const argv = raw === '' ? [] : raw.slice(0, -1).split('\0');
    return { argv, shellError, exitCode, javaFeature: Number(fs.readFileSync(featureFile, 'utf8').trim()) };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
