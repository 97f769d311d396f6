/** The live view: header, uploads, YARN lifecycle, Spark stages, driver log, end summary. */
import { Box, Text, useInput, useStdout } from 'ink';
import React, { useEffect, useRef, useState } from 'react';
import type { EventBus } from '../../monitor/events.js';
import { bytes, duration } from '../format/units.js';
import { formatValue } from '../format/channel.js';
import { sparkline } from '../format/sparkline.js';
import { activeStages, channelItems, offersCommands, finished, frameWidth, planFrame, runningJobs, type FramePlan } from './layout.js';
import { initialViewState, jobProgress, reduce, uploadRate, type ViewState } from './view-state.js';
import { Bar, Line, Link, Spinner } from './widgets.js';

/** Re-render at most this often: watching must cost little CPU. */
const FRAME_MS = 100;

/** Sends a command to the job (apx send) and says how it went, in one line. */
export type CommandSender = (appId: string, name: string) => Promise<string>;

type Prompt = { step: 'idle' } | { step: 'choose' } | { step: 'confirm'; name: string } | { step: 'sending'; name: string } | { step: 'done'; text: string };

/** The line the job section ends with: the job's commands, and where a key press got to. */
export function promptLine(view: ViewState, prompt: Prompt, interactive: boolean): string {
  const names = view.commands;
  if (!interactive) return `commands: ${names.join(', ')} (apx send ${view.appId ?? '<app-id>'} <command>)`;
  switch (prompt.step) {
    case 'choose': return `send which command? ${names.map((n, i) => `${i + 1} ${n}`).join('  ')}  (Esc: none)`;
    case 'confirm': return `send "${prompt.name}" to the job? y/N`;
    case 'sending': return `sending "${prompt.name}"… waiting for the job to acknowledge`;
    case 'done': return `${prompt.text}  (c: send another)`;
    default: return `c: send the job a command (${names.join(', ')})`;
  }
}

/** Key presses for the job's commands: c, then the command's number (when several), then y to confirm. */
function useCommandKeys(view: ViewState, send: CommandSender | undefined, keys: boolean): [Prompt, boolean] {
  const [prompt, setPrompt] = useState<Prompt>({ step: 'idle' });
  const interactive = !!send && keys && offersCommands(view) && !!view.appId;
  useInput((input, key) => {
    // Raw mode takes Ctrl-C from the terminal: hand it back as the signal apx stops on.
    if (key.ctrl && input === 'c') {
      process.kill(process.pid, 'SIGINT');
      return;
    }
    if (prompt.step === 'choose') {
      const name = view.commands[Number(input) - 1];
      setPrompt(name ? { step: 'confirm', name } : { step: 'idle' });
    } else if (prompt.step === 'confirm') {
      if (input.toLowerCase() !== 'y') return setPrompt({ step: 'idle' });
      const name = prompt.name;
      setPrompt({ step: 'sending', name });
      void (send as CommandSender)(view.appId as string, name).then((text) => setPrompt({ step: 'done', text }), (e: unknown) => setPrompt({ step: 'done', text: `"${name}" not sent: ${(e as Error).message}` }));
    } else if (prompt.step !== 'sending' && input === 'c') {
      setPrompt(view.commands.length === 1 ? { step: 'confirm', name: view.commands[0] as string } : { step: 'choose' });
    }
  }, { isActive: interactive });
  return [prompt, interactive];
}

/** `keys`: the terminal gives key presses (a TTY on stdin; tests pass true with their own stdin). */
export function App({ bus, initial, send, keys = !!process.stdin.isTTY }: { bus: EventBus; initial?: ViewState; send?: CommandSender; keys?: boolean }): React.ReactElement {
  const [view, setView] = useState<ViewState>(initial ?? initialViewState());
  const latest = useRef(view);
  useEffect(() => {
    let timer: NodeJS.Timeout | undefined;
    const off = bus.on((e) => {
      latest.current = reduce(latest.current, e);
      if (e.type === 'end' || e.type === 'killing') {
        if (timer) clearTimeout(timer);
        timer = undefined;
        setView(latest.current);
        return;
      }
      timer ??= setTimeout(() => {
        timer = undefined;
        setView(latest.current);
      }, FRAME_MS);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [bus]);
  const [prompt, interactive] = useCommandKeys(view, send, keys);
  return <View view={view} prompt={offersCommands(view) ? promptLine(view, prompt, interactive) : undefined} />;
}

export function View({ view, width: fixedWidth, height, prompt }: { view: ViewState; width?: number; height?: number; prompt?: string }): React.ReactElement {
  const { stdout } = useStdout();
  const width = frameWidth(fixedWidth ?? stdout?.columns);
  const plan = planFrame(view, width, height ?? stdout?.rows ?? 24);
  return (
    <Box flexDirection="column" width={width}>
      <Header view={view} plan={plan} />
      <Uploads view={view} plan={plan} />
      <Lifecycle view={view} plan={plan} />
      <Spark view={view} plan={plan} />
      <JobChannel view={view} plan={plan} prompt={prompt ?? (offersCommands(view) ? promptLine(view, { step: 'idle' }, false) : undefined)} />
      <Warnings plan={plan} />
      <LogTail view={view} plan={plan} />
      <End view={view} plan={plan} />
    </Box>
  );
}

function Header({ view, plan }: { view: ViewState; plan: FramePlan }) {
  if (!view.appId && !view.name) {
    return (
      <Box flexDirection="column">
        <Text bold>apx submit</Text>
        {view.activity ? <Line><Spinner /> {view.activity}</Line> : null}
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      <Line>
        <Text bold>{view.name ?? 'application'}</Text>
        {view.appId && !plan.idOwnLine ? <Text color="cyan"> {view.appId}</Text> : null}
      </Line>
      {plan.idOwnLine ? <Text color="cyan">{view.appId}</Text> : null}
      <Line dimColor>
        queue {view.queue ?? '?'} · user {view.user ?? '?'} · cluster {view.cluster ?? '?'}
      </Line>
      {view.credentials ? <Line dimColor>{view.credentials}</Line> : null}
      {view.autoSize ? <Line dimColor>{view.autoSize}</Line> : null}
      {view.trackingUrl ? plan.trackingUrl.map((part, i) => <Link key={i} url={view.trackingUrl as string} text={part} />) : null}
    </Box>
  );
}

function Uploads({ view, plan }: { view: ViewState; plan: FramePlan }) {
  if (view.uploads.length === 0) return null;
  const top = plan.compact ? 0 : 1;
  if (plan.uploadsOneLine && view.uploadSummary) {
    const done = view.uploads.filter((u) => u.cached).length;
    return (
      <Box marginTop={top}>
        <Line>
          <Text bold>Dependencies </Text>
          <Text dimColor>{view.uploads.length} ready ({done} cached) · {bytes(view.uploadSummary.uploadedBytes)} uploaded, {bytes(view.uploadSummary.reusedBytes)} reused · {duration(view.uploadSummary.millis)}</Text>
        </Line>
      </Box>
    );
  }
  const nameWidth = Math.min(28, Math.max(...view.uploads.map((u) => u.link.length)));
  // name, bar, size (9), then the visibility or the rate and time left (up to 28)
  const barWidth = Math.max(6, plan.width - nameWidth - 40);
  return (
    <Box flexDirection="column" marginTop={top}>
      <Text bold>Dependencies</Text>
      {plan.folded ? (
        <Line color="green">
          ✓ {plan.folded.count} of {view.uploads.length} ready ({plan.folded.cached} cached) · {bytes(plan.folded.bytes)}
        </Line>
      ) : null}
      {plan.uploads.map((u) => {
        const rate = uploadRate(u);
        return (
          <Line key={u.link}>
            {u.link.slice(0, nameWidth).padEnd(nameWidth)}{' '}
            {u.cached ? <Text color="green">{'cached'.padEnd(barWidth + 1)}</Text> : <><Bar done={u.sent} total={u.size} width={barWidth} /> </>}
            {bytes(u.size).padStart(9)}{' '}
            {finished(u) ? <Text dimColor>{u.visibility ?? ''}</Text> : rate ? <Text dimColor>{bytes(rate.perSecond)}/s · {duration(rate.etaMs)} left</Text> : null}
          </Line>
        );
      })}
      {plan.moreUploads ? <Line dimColor>… and {plan.moreUploads} more</Line> : null}
      {view.uploadSummary ? (
        <Line dimColor>
          {bytes(view.uploadSummary.uploadedBytes)} uploaded, {bytes(view.uploadSummary.reusedBytes)} reused · {duration(view.uploadSummary.millis)}
        </Line>
      ) : null}
    </Box>
  );
}

/** The state steps, dropping the oldest ones when they do not fit: the current state is never cut. */
function stepsThatFit(view: ViewState, width: number) {
  const t0 = view.appStartedAt ?? view.steps[0]?.at ?? 0;
  const text = (s: ViewState['steps'][number], i: number) => `${i ? ' → ' : ''}${s.state}${s.attempt && s.attempt > 1 ? `#${s.attempt}` : ''} +${duration(Math.max(0, s.at - t0))}`;
  let from = 0;
  const length = () => 'YARN '.length + (from ? '… → '.length : 0) + view.steps.slice(from).reduce((a, s, i) => a + text(s, i).length, 0);
  while (from < view.steps.length - 1 && length() > width) from++;
  return { t0, from };
}

function Lifecycle({ view, plan }: { view: ViewState; plan: FramePlan }) {
  const width = plan.width;
  if (view.steps.length === 0) return null;
  const { t0, from } = stepsThatFit(view, width);
  const current = view.steps[view.steps.length - 1];
  return (
    <Box flexDirection="column" marginTop={plan.compact ? 0 : 1}>
      <Line>
        <Text bold>YARN </Text>
        {from ? <Text dimColor>… → </Text> : null}
        {view.steps.slice(from).map((s, i) => (
          <Text key={`${s.state}${i + from}`} color={i + from === view.steps.length - 1 ? 'cyan' : undefined} dimColor={i + from !== view.steps.length - 1}>
            {i ? ' → ' : ''}
            {s.state}
            {s.attempt && s.attempt > 1 ? `#${s.attempt}` : ''} <Text dimColor>+{duration(Math.max(0, s.at - t0))}</Text>
          </Text>
        ))}
      </Line>
      {current?.state === 'ACCEPTED' && view.waitingReason ? <Line color="yellow">waiting: {view.waitingReason}</Line> : null}
      {view.retried ? <Line color="yellow">attempt {view.attempt ?? '?'}: the previous attempt failed and YARN is retrying</Line> : null}
      {view.resources && current?.state === 'RUNNING' ? (
        <Line dimColor>
          {view.resources.containers} container(s) · {view.resources.mb} MB · {view.resources.vcores} vcores
        </Line>
      ) : null}
      {view.reconnecting ? <Line color="yellow">reconnecting… {view.reconnecting}</Line> : null}
      {view.killing ? <Line color="magenta">killing application… waiting for YARN to confirm</Line> : null}
    </Box>
  );
}

function Spark({ view, plan }: { view: ViewState; plan: FramePlan }) {
  const width = plan.width;
  if (view.sparkAvailable === undefined) return null;
  const done = view.stages.filter((s) => s.status === 'COMPLETE');
  const failed = view.stages.filter((s) => s.status === 'FAILED');
  const summary = `${view.jobs.length} job(s), ${done.length} stage(s) done${failed.length ? `, ${failed.length} failed` : ''}`;
  if (view.end) return <Line><Text bold>Spark </Text><Text dimColor>{summary}</Text></Line>;
  if (!view.sparkAvailable) return <Line dimColor>Spark progress: not available ({view.sparkReason})</Line>;
  const active = activeStages(view);
  const jobs = runningJobs(view);
  const barWidth = Math.max(10, Math.min(40, width - 50));
  return (
    <Box flexDirection="column" marginTop={plan.compact ? 0 : 1}>
      <Line><Text bold>Spark </Text><Text dimColor>{summary}</Text></Line>
      {jobs.map((j) => {
        const p = jobProgress(j, view.stages);
        return (
          <Line key={`j${j.jobId}`}>
            job {j.jobId} <Bar done={p.done} total={p.total} width={barWidth} /> {p.done}/{p.total} <Text dimColor>{j.name}</Text>
          </Line>
        );
      })}
      {active.slice(0, plan.stageRows).map((s) => (
        <Line key={`s${s.stageId}.${s.attemptId}`}>
          {'  '}stage {s.stageId} <Bar done={s.numCompleteTasks} total={s.numTasks} running={s.numActiveTasks} failed={s.numFailedTasks} width={barWidth} /> {s.numCompleteTasks}/{s.numTasks}
          {s.numActiveTasks ? <Text color="cyan"> {s.numActiveTasks} running</Text> : null}
          {s.numFailedTasks ? <Text color="red"> {s.numFailedTasks} failed</Text> : null} <Text dimColor>{s.name}</Text>
          {s.submissionTime ? <Text dimColor> {duration(Date.now() - sparkTime(s.submissionTime))}</Text> : null}
          {s.inputBytes ? <Text dimColor> in {bytes(s.inputBytes)}</Text> : null}
          {s.shuffleReadBytes || s.shuffleWriteBytes ? <Text dimColor> shuffle {bytes(s.shuffleReadBytes)}/{bytes(s.shuffleWriteBytes)}</Text> : null}
        </Line>
      ))}
      {active.length > plan.stageRows ? <Line dimColor>{'  '}… and {active.length - plan.stageRows} more active stage(s)</Line> : null}
      {failed.map((s) => (
        <Line key={`f${s.stageId}`} color="red">
          {'  '}stage {s.stageId} failed: {s.name}
        </Line>
      ))}
    </Box>
  );
}

/** The job's own words (its channel): a bar per task with its latest display line, a chart per numeric update key. */
function JobChannel({ view, plan, prompt }: { view: ViewState; plan: FramePlan; prompt?: string }) {
  const items = channelItems(view);
  if (items === 0 && !prompt) return null;
  const nameWidth = Math.min(16, Math.max(4, ...view.jobTasks.map((t) => t.task.length), ...view.series.map((x) => x.key.length)));
  const barWidth = Math.max(10, Math.min(30, plan.width - nameWidth - 40));
  const rows = [
    ...view.jobTasks.map((t) => (
      <Line key={`t${t.task}`}>
        {t.task.slice(0, nameWidth).padEnd(nameWidth)} <Bar done={Math.round((t.fraction ?? 0) * 1000)} total={1000} width={barWidth} /> {`${Math.round((t.fraction ?? 0) * 100)}%`.padStart(4)}
        {t.text ? <Text> {t.text}</Text> : null}
        {t.display ? <Text color="cyan"> · {t.display}</Text> : null}
      </Line>
    )),
    ...view.series.map((x) => (
      <Line key={`u${x.key}`}>
        {x.key.slice(0, nameWidth).padEnd(nameWidth)} {x.values.length ? <Text color="green">{`${sparkline(x.values, barWidth).padEnd(barWidth)} `}</Text> : null}<Text bold>{formatValue(x.last)}</Text>
      </Line>
    )),
  ];
  return (
    <Box flexDirection="column" marginTop={plan.compact ? 0 : 1}>
      <Text bold>Job</Text>
      {rows.slice(0, plan.channelRows)}
      {items > plan.channelRows ? <Line dimColor>… and {items - plan.channelRows} more</Line> : null}
      {prompt ? <Line color="magenta">{prompt}</Line> : null}
    </Box>
  );
}

/** Spark's REST dates end in "GMT" instead of "Z". */
function sparkTime(text: string): number {
  const ms = Date.parse(text.replace(/GMT$/, 'Z'));
  return Number.isNaN(ms) ? Date.now() : ms;
}

/** Why something is missing (no driver log: the NodeManager failed) or was retried; the latest few, whole. */
function Warnings({ plan }: { plan: FramePlan }) {
  if (plan.warnings.length === 0) return null;
  return (
    <Box flexDirection="column" marginTop={plan.compact ? 0 : 1}>
      {plan.warnings.map((w, i) => (
        <Line key={i} color="yellow">
          {w}
        </Line>
      ))}
    </Box>
  );
}

function LogTail({ view, plan }: { view: ViewState; plan: FramePlan }) {
  if (view.log.length === 0 || view.end || plan.logRows === 0) return null;
  return (
    <Box flexDirection="column" marginTop={plan.compact ? 0 : 1}>
      <Text bold>Driver log</Text>
      {view.log.slice(-plan.logRows).map((l, i) => (
        <Line key={i} color={/\b(ERROR|FATAL)\b|Exception/.test(l) ? 'red' : /\bWARN\b/.test(l) ? 'yellow' : undefined} dimColor={!/\b(ERROR|FATAL|WARN)\b|Exception/.test(l)}>
          {l.slice(0, plan.width)}
        </Line>
      ))}
    </Box>
  );
}

function End({ view, plan }: { view: ViewState; plan: FramePlan }) {
  const e = view.end;
  if (!e) return null;
  const color = e.outcome === 'succeeded' ? 'green' : e.outcome === 'failed' ? 'red' : 'yellow';
  return (
    <Box flexDirection="column" marginTop={plan.compact ? 0 : 1}>
      <Text color={color} bold>
        {e.state}/{e.finalStatus} after {duration(e.durationMs)}
      </Text>
      <Line dimColor>
        {e.memorySeconds} MB-seconds · {e.vcoreSeconds} vcore-seconds
      </Line>
      {plan.diagnostics.map((l, i) => <Line key={`d${i}`} color={color}>{l}</Line>)}
      {e.outcome === 'failed' ? e.lastLogLines.slice(-plan.endLogRows).slice(0, plan.endLogRows).map((l, i) => <Line key={i} dimColor>{l}</Line>) : null}
      {plan.result.map((l, i) => <Line key={`r${i}`}><Text bold>{l}</Text></Line>)}
      {plan.logsUrl.map((l, i) => <Line key={`u${i}`} dimColor>{l}</Line>)}
    </Box>
  );
}
