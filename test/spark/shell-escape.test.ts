import { describe, expect, it } from 'vitest';
import { escapeForYarnShell } from '../../src/spark/shell.js';
import { launchWithRealShell } from '../../src/minicluster/node-manager-launch.js';

// Every argument must reach the application byte-for-byte through the NodeManager's marker
// expansion and `exec /bin/bash -c "<command>"` (shared/hadoop-3.3.6/spark-app/README.md, finding 1).
const RECORDED_TROUBLEMAKERS = [
  '`echo INJECTED`', 'two\\\\backslashes', '\\$HOME', 'a\\`b', 'cont\\\nline', '{"a":{"b":1}}', '{{PWD}} <LOG_DIR> <CPS>',
  'plain', 'hello world', "it's", 'say "hi"', '$HOME', '${USER}-$(id -u)', 'line1\nline2', 'tab\there', 'back\\slash',
  'trailing\\', '', 'héllo ✓', '*.txt ~ !x %PATH% ;|&<>', "'", "''", '{', '}', '}}}', '{{{', '<', '<<CPS>>', "{'{", '$(touch /tmp/apx-pwned)',
];

const ALPHABET = ['a', ' ', "'", '"', '$', '`', '\\', ';', '{', '}', '<', '>', 'CPS', 'LOG_DIR', '\n', '\t', '(', ')', '|', '&', '!', '*', '~', 'é', '✓', '#', '%'];

function randomArgs(seed: number, count: number): string[] {
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: count }, () => Array.from({ length: Math.floor(next() * 12) }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join(''));
}

async function roundTrip(args: string[]): Promise<string[] | undefined> {
  const command = ['{{JAVA_HOME}}/bin/java', '-server', 'Main', ...args.map(escapeForYarnShell), '1>', '<LOG_DIR>/stdout', '2>', '<LOG_DIR>/stderr'].join(' ');
  const result = await launchWithRealShell(command);
  return result.argv?.slice(2);
}

describe('escapeForYarnShell through a real NodeManager-style launch', () => {
  it('delivers the arguments that real YARN mangled with Spark escaping, unchanged', async () => {
    expect(await roundTrip(RECORDED_TROUBLEMAKERS)).toEqual(RECORDED_TROUBLEMAKERS);
  });

  it('delivers random arguments of quotes, $, backticks, backslashes and markers unchanged', async () => {
    for (const seed of [1, 7, 42, 1234, 99991]) {
      const args = randomArgs(seed, 40);
      expect(await roundTrip(args)).toEqual(args);
    }
  });

  it('leaves no NodeManager marker visible in the escaped text', () => {
    for (const arg of ['{{PWD}}', 'a}}b', '<CPS>', '<LOG_DIR>', "{'{"]) {
      const escaped = escapeForYarnShell(arg);
      expect(escaped).not.toMatch(/\{\{|\}\}|<CPS>|<LOG_DIR>/);
    }
  });
});

/** Spark 3.5's YarnSparkHadoopUtil.escapeForShell, to show the harness reproduces the recorded damage. */
function sparkEscapeForShell(arg: string): string {
  return `'${[...arg].map((c) => (c === '$' ? '\\$' : c === '"' ? '\\"' : c === "'" ? "'\\''" : c)).join('')}'`;
}

describe('the NodeManager imitation reproduces what real YARN did to Spark-escaped arguments', () => {
  it('mangles the recorded cases exactly as the recording table says', async () => {
    const sent = ['two\\\\backslashes', 'a\\`b', 'cont\\\nline', '{"a":{"b":1}}', '`echo INJECTED`'];
    const command = ['{{JAVA_HOME}}/bin/java', 'Main', ...sent.map(sparkEscapeForShell), '1>', '<LOG_DIR>/stdout'].join(' ');
    const got = (await launchWithRealShell(command)).argv?.slice(1);
    expect(got).toEqual(['two\\backslashes', 'a`b', 'contline', '{"a":{"b":1', 'INJECTED']);
  });
});
