/**
 * `spark.minicluster.runUserClass=true`: the mini NodeManager runs the job's REAL main class
 * (`java -cp __app__.jar:<--jars, apx's channel jar> <class> <args>`) or its primary .py (`python3`)
 * as a child process, in place of the simulated driver — the way Spark's ApplicationMaster runs the
 * user class in the AM container, minus Spark itself (no SparkContext: a job that needs one fails).
 * The container gets what a real one has for this purpose (ContainerLaunch, launch_container.sh
 * recorded in aggregated-logs/cli/spark-succeeded-am-1.txt): its localized FILE resources and the
 * unpacked __spark_conf__ in the working dir, LOG_DIRS, CONTAINER_ID, the submission's environment
 * (SPARK_YARN_STAGING_DIR, SPARK_USER, PYTHONPATH with {{PWD}} and <CPS> expanded) and HADOOP_CONF_DIR
 * naming the node's configuration (here: an hdfs-site.xml with the mini's NameNode HTTP address). The
 * log dir's files are served by the mini NodeManager as they grow.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SubmissionBody } from '../yarn/types.js';
import type { HdfsStore } from './hdfs-store.js';
import type { AmArguments } from './am-launch.js';

export interface UserProcessSpec {
  store: HdfsStore;
  submission: SubmissionBody;
  args: AmArguments;
  sparkConf: Map<string, string>;
  confFiles: Map<string, Buffer>;
  containerId: string;
  user: string;
  /** host:port of the NameNode's HTTP server, for the node's hdfs-site.xml. */
  namenodeHttp: string;
  /** Replaces a log file's whole content as the NodeManager serves it. */
  setFile: (file: string, content: string) => void;
  append: (file: string, line: string) => void;
  exited: (code: number) => void;
}

export interface UserProcess {
  kill(): void;
}

const SYNC_MILLIS = 50;

function hdfsPathOf(resource: string): string | undefined {
  return (/^hdfs:\/\/[^/]*(\/.*)$/.exec(resource) ?? /^(\/.*)$/.exec(resource))?.[1];
}

/** The FILE resources, copied from the mini HDFS into the working dir under their link names. */
function localizeFiles(spec: UserProcessSpec, pwd: string): void {
  for (const { key, value } of spec.submission['am-container-spec']['local-resources']?.entry ?? []) {
    if (value.type !== 'FILE') continue;
    const p = hdfsPathOf(value.resource);
    const node = p ? spec.store.lookup(decodeURI(p)) : undefined;
    if (!node) continue;
    fs.mkdirSync(path.dirname(path.join(pwd, key)), { recursive: true });
    fs.writeFileSync(path.join(pwd, key), spec.store.read(node));
  }
  for (const [name, data] of spec.confFiles) {
    if (name.endsWith('/')) continue;
    fs.mkdirSync(path.dirname(path.join(pwd, '__spark_conf__', name)), { recursive: true });
    fs.writeFileSync(path.join(pwd, '__spark_conf__', name), data);
  }
}

function containerEnv(spec: UserProcessSpec, pwd: string, logDir: string, nodeConf: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: pwd, PWD: pwd, LOG_DIRS: logDir, CONTAINER_ID: spec.containerId, HADOOP_CONF_DIR: nodeConf, USER: spec.user, SPARK_USER: spec.user };
  for (const { key, value } of spec.submission['am-container-spec'].environment?.entry ?? []) {
    if (key === 'CLASSPATH') continue;
    env[key] = value.replaceAll('{{PWD}}', pwd).replaceAll('<CPS>', ':').replaceAll('{{', '$').replaceAll('}}', '');
  }
  return env;
}

function commandOf(spec: UserProcessSpec, pwd: string): [string, string[]] {
  if (spec.args.primaryPyFile) return ['python3', [path.join(pwd, spec.args.primaryPyFile), ...spec.args.userArgs]];
  const jars = ['__app__.jar', ...(spec.sparkConf.get('spark.yarn.secondary.jars') ?? '').split(',').filter(Boolean)].map((j) => path.join(pwd, j));
  return ['java', ['-cp', jars.join(':'), spec.args.userClass as string, ...spec.args.userArgs]];
}

/** Splits a stream into lines for the container's stdout/stderr. */
function pipeLines(child: ChildProcess, stream: 'stdout' | 'stderr', append: (file: string, line: string) => void): void {
  let partial = '';
  child[stream]?.on('data', (d: Buffer) => {
    const lines = (partial + d.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) append(stream, l);
  });
  child[stream]?.on('end', () => partial && append(stream, partial));
}

export function runUserProcess(spec: UserProcessSpec): UserProcess {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'apx-mini-user-'));
  const pwd = path.join(root, 'container');
  const logDir = path.join(root, 'logs');
  const nodeConf = path.join(root, 'node-conf');
  for (const d of [pwd, logDir, nodeConf]) fs.mkdirSync(d);
  fs.writeFileSync(path.join(nodeConf, 'hdfs-site.xml'), `<?xml version="1.0"?>\n<configuration>\n<property><name>dfs.namenode.http-address</name><value>${spec.namenodeHttp}</value></property>\n</configuration>\n`);
  localizeFiles(spec, pwd);
  const [cmd, argv] = commandOf(spec, pwd);
  const child = spawn(cmd, argv, { cwd: pwd, env: containerEnv(spec, pwd, logDir, nodeConf), stdio: ['ignore', 'pipe', 'pipe'] });
  pipeLines(child, 'stdout', spec.append);
  pipeLines(child, 'stderr', spec.append);
  const sync = () => {
    for (const f of fs.existsSync(logDir) ? fs.readdirSync(logDir) : []) spec.setFile(f, fs.readFileSync(path.join(logDir, f), 'utf8'));
  };
  const timer = setInterval(sync, SYNC_MILLIS);
  timer.unref();
  let done = false;
  const finish = (code: number) => {
    if (done) return;
    done = true;
    clearInterval(timer);
    sync();
    fs.rmSync(root, { recursive: true, force: true });
    spec.exited(code);
  };
  child.on('error', (e) => {
    spec.append('stderr', `${cmd}: ${e.message}`);
    finish(127);
  });
  child.on('close', (code, signal) => finish(code ?? (signal ? 143 : 1)));
  return { kill: () => child.kill('SIGKILL') };
}
