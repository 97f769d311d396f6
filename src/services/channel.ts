/**
 * `apx send` and `apx messages`: commands into a running job's HDFS staging dir, and the job's
 * channel read back through the NodeManager (docs/channel.md).
 */
import { CHANNEL_FILE } from '../channel/wire.js';
import { AuthError, ClusterError, UsageError } from '../errors.js';
import type { WebHdfsClient } from '../hdfs/webhdfs.js';
import type { NmClient } from '../yarn/nm-client.js';
import type { RmClient } from '../yarn/rm-client.js';
import { TERMINAL_STATES, type AppReport } from '../yarn/types.js';
import { amContainerOf } from '../monitor/monitor.js';
import { ChannelFollower } from '../channel/follower.js';
import type { ChannelRecord } from '../channel/wire.js';
import { redactText } from '../net/redact.js';
import type { ClusterTarget } from '../config/cluster.js';
import { clientsFor } from './clients.js';

export const COMMANDS_DIR = 'apx-commands';

export interface SendRequest {
  appId: string;
  name: string;
  payload?: string;
  /** Who apx is on this cluster (simple auth); undefined under Kerberos, where HDFS decides. */
  user?: string;
  /** The app's staging dir, when not the default `/user/<app user>/.sparkStaging/<appId>`. */
  stagingDir?: string;
  timeoutMs: number;
  intervalMs: number;
  signal?: AbortSignal;
}

export interface SendResult {
  seq: number;
  path: string;
  ack?: ChannelRecord;
  /** Why no ack came: the app ended, or the wait ran out. */
  noAck?: string;
}

const COMMAND_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

export async function sendCommand(rm: RmClient, nm: NmClient, hdfs: WebHdfsClient | undefined, req: SendRequest): Promise<SendResult> {
  if (!COMMAND_NAME.test(req.name)) throw new UsageError(`'${req.name}' is not a command name`, 'A command is 1–64 letters, digits, dots, dashes or underscores, e.g. stop.');
  if (!hdfs) throw new UsageError('this cluster has no WebHDFS address, and commands travel through HDFS', 'Set fs.defaultFS / dfs.namenode.http-address (HADOOP_CONF_DIR or the cluster profile).');
  const report = await rm.report(req.appId);
  if (TERMINAL_STATES.has(report.state)) {
    throw new UsageError(`${req.appId} has ended (${report.state}/${report.finalStatus}): a command reaches only a running job`, `What it said stays readable: apx messages ${req.appId}`);
  }
  // The staging dir is the app user's (700): apx refuses up front rather than leave a file nobody reads.
  if (req.user !== undefined && report.user !== req.user) {
    throw new AuthError(`${req.appId} belongs to ${report.user}, not ${req.user}: only an application's user can send it commands`, `Run as ${report.user} (HADOOP_USER_NAME or the cluster profile's user).`);
  }
  const staging = req.stagingDir ?? `/user/${report.user}/.sparkStaging/${req.appId}`;
  if (!(await hdfs.stat(staging))) {
    throw new UsageError(`${req.appId} has no staging dir at ${staging}`, 'If the job set spark.yarn.stagingDir, pass the app\'s dir with --staging-dir.');
  }
  const dir = `${staging}/${COMMANDS_DIR}`;
  await hdfs.mkdirs(dir, '700');
  const path = await writeNext(hdfs, dir, req);
  const seq = Number(/(\d+)\.json$/.exec(path)?.[1]);
  return { seq, path, ...(await waitForAck(rm, nm, report, seq, req)) };
}

/**
 * The next free `<seq>.json`. Written under a temporary name, then renamed: a rename is atomic in
 * HDFS, so a job listing the directory never reads a command half written (a file being written is
 * listed, with what has arrived so far); and a rename onto an existing name fails, so two senders
 * never share a number.
 */
async function writeNext(hdfs: WebHdfsClient, dir: string, req: SendRequest): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const taken = (await hdfs.list(dir)).map((f) => Number(/^(\d+)\.json$/.exec(f.pathSuffix)?.[1] ?? 0));
    const seq = Math.max(0, ...taken) + 1;
    const body = Buffer.from(JSON.stringify({ seq, name: req.name, ...(req.payload !== undefined ? { payload: req.payload } : {}), time: Date.now() }));
    const temp = `${dir}/.${seq}.json.${process.pid}-${Date.now()}.tmp`;
    await hdfs.create(temp, body, { overwrite: false, permission: '600', length: body.length });
    if (await hdfs.rename(temp, `${dir}/${seq}.json`)) return `${dir}/${seq}.json`;
    await hdfs.delete(temp).catch(() => false);
  }
  throw new ClusterError(`could not take a command number in ${dir}: other senders kept taking them`);
}

async function waitForAck(rm: RmClient, nm: NmClient, first: AppReport, seq: number, req: SendRequest): Promise<Pick<SendResult, 'ack' | 'noAck'>> {
  const deadline = Date.now() + req.timeoutMs;
  let report = first;
  let follower: ChannelFollower | undefined;
  for (;;) {
    const am = amContainerOf(report);
    if (am) {
      follower ??= new ChannelFollower(nm, am.node, am.container);
      const ack = (await follower.poll(TERMINAL_STATES.has(report.state))).find((r) => r.kind === 'ack' && r.command === seq);
      if (ack) return { ack };
    }
    if (TERMINAL_STATES.has(report.state)) return { noAck: `${req.appId} ended (${report.state}/${report.finalStatus}) before acknowledging it` };
    if (Date.now() >= deadline || req.signal?.aborted) return { noAck: `no acknowledgement within ${Math.round(req.timeoutMs / 1000)} s (the job may not use the channel's commands, or not yet)` };
    await new Promise((r) => setTimeout(r, req.intervalMs));
    report = await rm.report(req.appId);
  }
}

/** For the live view: a command sent on a key press, and how it went, in one line. */
export function commandSender(target: ClusterTarget): (appId: string, name: string) => Promise<string> {
  return async (appId, name) => {
    const c = clientsFor(target);
    const r = await sendCommand(c.rm, c.nm, c.hdfs, { appId, name, user: target.auth ? undefined : target.user, timeoutMs: 30_000, intervalMs: 500 });
    if (!r.ack) return `command #${r.seq} ${name}: delivered, not acknowledged: ${r.noAck ?? ''}`;
    return `command #${r.seq} ${name}: ${r.ack.ok ? 'acknowledged' : 'refused by the job'}${r.ack.message ? ` (${redactText(r.ack.message)})` : ''}`;
  };
}

export interface MessagesRequest {
  appId: string;
  follow: boolean;
  intervalMs: number;
  signal?: AbortSignal;
  onRecord: (r: ChannelRecord) => void;
  /**
   * The channel file of the AM container from the app's aggregated logs, for a finished app whose
   * NodeManager no longer has it (undefined: not aggregated there either).
   */
  aggregated?: (container: string) => Promise<string | undefined>;
}

/** Every record from the start, once each and in order; with follow, until the app ends. Returns the result (update keys' last values). */
export async function readMessages(rm: RmClient, nm: NmClient, req: MessagesRequest): Promise<Record<string, number | string>> {
  let report = await rm.report(req.appId);
  // With --follow, an application not launched yet is waited for, like apx logs -f.
  while (req.follow && !amContainerOf(report) && !TERMINAL_STATES.has(report.state) && !req.signal?.aborted) {
    await new Promise((r) => setTimeout(r, req.intervalMs));
    report = await rm.report(req.appId);
  }
  const am = amContainerOf(report);
  if (!am) throw new ClusterError(`${req.appId} has no ApplicationMaster container yet (state ${report.state})`, 'Its messages appear once YARN launches the driver; try again, or wait for them with --follow.');
  const follower = new ChannelFollower(nm, am.node, am.container);
  for (;;) {
    const ended = TERMINAL_STATES.has(report.state);
    for (const r of await follower.poll(ended || !req.follow)) req.onRecord(r);
    if (!req.follow || ended || req.signal?.aborted) break;
    await new Promise((r) => setTimeout(r, req.intervalMs));
    report = await rm.report(req.appId);
  }
  if (!follower.found && TERMINAL_STATES.has(report.state)) {
    const files = await nm.logFiles(am.node, am.container).catch(() => undefined);
    if (!files) {
      // Gone from the node: after log aggregation the file is among the app's aggregated logs.
      const text = await req.aggregated?.(am.container);
      if (text === undefined) throw new ClusterError(`the NodeManager no longer has the logs of ${am.container}, and its aggregated logs hold no ${CHANNEL_FILE} (logAggregationStatus ${report.logAggregationStatus ?? 'UNKNOWN'})`, `The application may not have used the channel; apx logs ${req.appId} --list shows its files.`);
      for (const r of follower.ledger.accept(text.split('\n'))) req.onRecord(r);
    }
  }
  return follower.ledger.result;
}

/**
 * The application's result (each update key's last value) for `apx status --json`: one read of the
 * channel file through the NodeManager; nothing when the app has no AM yet, no channel, or the node
 * no longer has its logs (status must not fail for a bonus).
 */
export async function channelResult(nm: NmClient, report: AppReport): Promise<Record<string, number | string> | undefined> {
  const am = amContainerOf(report);
  if (!am) return undefined;
  const follower = new ChannelFollower(nm, am.node, am.container);
  try {
    await follower.poll(true);
  } catch {
    return undefined;
  }
  const entries = Object.entries(follower.ledger.result).map(([k, v]) => [k, typeof v === 'string' ? redactText(v) : v]);
  return entries.length ? Object.fromEntries(entries) : undefined;
}
