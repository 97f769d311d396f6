/** The live view: header, uploads, YARN lifecycle, Spark stages, driver log, end summary. */
import { Box, Text, useStdout } from 'ink';
import React, { useEffect, useRef, useState } from 'react';
import type { EventBus } from '../../monitor/events.js';
import { bytes, duration, firstLine } from '../format/units.js';
import { initialViewState, jobProgress, reduce, type ViewState } from './view-state.js';
import { Bar, Line, Link } from './widgets.js';

/** Re-render at most this often: watching must cost little CPU. */
const FRAME_MS = 100;

export function App({ bus, initial }: { bus: EventBus; initial?: ViewState }): React.ReactElement {
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
  return <View view={view} />;
}

export function View({ view, width: fixedWidth }: { view: ViewState; width?: number }): React.ReactElement {
  const { stdout } = useStdout();
  const width = Math.max(40, Math.min(fixedWidth ?? stdout?.columns ?? 80, 160));
  return (
    <Box flexDirection="column" width={width}>
      <Header view={view} />
      <Uploads view={view} width={width} />
      <Lifecycle view={view} />
      <Spark view={view} width={width} />
      <Warnings view={view} width={width} />
      <LogTail view={view} width={width} />
      <End view={view} />
    </Box>
  );
}

function Header({ view }: { view: ViewState }) {
  if (!view.appId && !view.name) return <Text bold>apx submit</Text>;
  return (
    <Box flexDirection="column">
      <Line>
        <Text bold>{view.name ?? 'application'}</Text>
        {view.appId ? <Text color="cyan"> {view.appId}</Text> : null}
      </Line>
      <Line dimColor>
        queue {view.queue ?? '?'} · user {view.user ?? '?'} · cluster {view.cluster ?? '?'}
      </Line>
      {view.credentials ? <Line dimColor>{view.credentials}</Line> : null}
      {view.trackingUrl ? <Link url={view.trackingUrl} /> : null}
    </Box>
  );
}

function Uploads({ view, width }: { view: ViewState; width: number }) {
  if (view.uploads.length === 0) return null;
  const nameWidth = Math.min(28, Math.max(...view.uploads.map((u) => u.link.length)));
  const barWidth = Math.max(10, width - nameWidth - 32);
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>Dependencies</Text>
      {view.uploads.map((u) => (
        <Line key={u.link}>
          {u.link.slice(0, nameWidth).padEnd(nameWidth)}{' '}
          {u.cached ? <Text color="green">{'cached'.padEnd(barWidth + 1)}</Text> : <><Bar done={u.sent} total={u.size} width={barWidth} /> </>}
          {bytes(u.size).padStart(9)} {u.done ? <Text dimColor>{u.visibility ?? ''}</Text> : null}
        </Line>
      ))}
      {view.uploadSummary ? (
        <Line dimColor>
          {bytes(view.uploadSummary.uploadedBytes)} uploaded, {bytes(view.uploadSummary.reusedBytes)} reused · {duration(view.uploadSummary.millis)}
        </Line>
      ) : null}
    </Box>
  );
}

function Lifecycle({ view }: { view: ViewState }) {
  if (view.steps.length === 0) return null;
  const t0 = view.steps[0]?.at ?? 0;
  const current = view.steps[view.steps.length - 1];
  return (
    <Box flexDirection="column" marginTop={1}>
      <Line>
        <Text bold>YARN </Text>
        {view.steps.map((s, i) => (
          <Text key={`${s.state}${i}`} color={i === view.steps.length - 1 ? 'cyan' : undefined} dimColor={i !== view.steps.length - 1}>
            {i ? ' → ' : ''}
            {s.state}
            {s.attempt && s.attempt > 1 ? `#${s.attempt}` : ''} <Text dimColor>+{duration(s.at - t0)}</Text>
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

function Spark({ view, width }: { view: ViewState; width: number }) {
  if (view.sparkAvailable === undefined) return null;
  const done = view.stages.filter((s) => s.status === 'COMPLETE');
  const failed = view.stages.filter((s) => s.status === 'FAILED');
  const summary = `${view.jobs.length} job(s), ${done.length} stage(s) done${failed.length ? `, ${failed.length} failed` : ''}`;
  if (view.end) return <Line><Text bold>Spark </Text><Text dimColor>{summary}</Text></Line>;
  if (!view.sparkAvailable) return <Line dimColor>Spark progress: not available ({view.sparkReason})</Line>;
  const active = view.stages.filter((s) => s.status === 'ACTIVE');
  const jobs = view.jobs.filter((j) => j.status === 'RUNNING');
  const barWidth = Math.max(10, Math.min(40, width - 50));
  return (
    <Box flexDirection="column" marginTop={1}>
      <Line><Text bold>Spark </Text><Text dimColor>{summary}</Text></Line>
      {jobs.map((j) => {
        const p = jobProgress(j, view.stages);
        return (
          <Line key={`j${j.jobId}`}>
            job {j.jobId} <Bar done={p.done} total={p.total} width={barWidth} /> {p.done}/{p.total} <Text dimColor>{j.name}</Text>
          </Line>
        );
      })}
      {active.map((s) => (
        <Line key={`s${s.stageId}.${s.attemptId}`}>
          {'  '}stage {s.stageId} <Bar done={s.numCompleteTasks} total={s.numTasks} running={s.numActiveTasks} failed={s.numFailedTasks} width={barWidth} /> {s.numCompleteTasks}/{s.numTasks}
          {s.numActiveTasks ? <Text color="cyan"> {s.numActiveTasks} running</Text> : null}
          {s.numFailedTasks ? <Text color="red"> {s.numFailedTasks} failed</Text> : null} <Text dimColor>{s.name}</Text>
          {s.submissionTime ? <Text dimColor> {duration(Date.now() - sparkTime(s.submissionTime))}</Text> : null}
          {s.inputBytes ? <Text dimColor> in {bytes(s.inputBytes)}</Text> : null}
          {s.shuffleReadBytes || s.shuffleWriteBytes ? <Text dimColor> shuffle {bytes(s.shuffleReadBytes)}/{bytes(s.shuffleWriteBytes)}</Text> : null}
        </Line>
      ))}
      {failed.map((s) => (
        <Line key={`f${s.stageId}`} color="red">
          {'  '}stage {s.stageId} failed: {s.name}
        </Line>
      ))}
    </Box>
  );
}

/** Spark's REST dates end in "GMT" instead of "Z". */
function sparkTime(text: string): number {
  const ms = Date.parse(text.replace(/GMT$/, 'Z'));
  return Number.isNaN(ms) ? Date.now() : ms;
}

/** Why something is missing (no driver log: the NodeManager failed) or was retried; the latest few, whole. */
function Warnings({ view, width }: { view: ViewState; width: number }) {
  if (view.warnings.length === 0) return null;
  return (
    <Box flexDirection="column" marginTop={1}>
      {view.warnings.slice(-3).map((w, i) => (
        <Text key={i} color="yellow" wrap="wrap">
          {`warning: ${w}`.slice(0, width * 3)}
        </Text>
      ))}
    </Box>
  );
}

function LogTail({ view, width }: { view: ViewState; width: number }) {
  if (view.log.length === 0) return null;
  const rows = view.end ? 0 : 6;
  if (rows === 0) return null;
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>Driver log</Text>
      {view.log.slice(-rows).map((l, i) => (
        <Text key={i} color={/\b(ERROR|FATAL)\b|Exception/.test(l) ? 'red' : /\bWARN\b/.test(l) ? 'yellow' : undefined} dimColor={!/\b(ERROR|FATAL|WARN)\b|Exception/.test(l)} wrap="truncate-end">
          {l.slice(0, width)}
        </Text>
      ))}
    </Box>
  );
}

function End({ view }: { view: ViewState }) {
  const e = view.end;
  if (!e) return null;
  const color = e.outcome === 'succeeded' ? 'green' : e.outcome === 'failed' ? 'red' : 'yellow';
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text color={color} bold>
        {e.state}/{e.finalStatus} after {duration(e.durationMs)}
      </Text>
      <Text dimColor>
        {e.memorySeconds} MB-seconds · {e.vcoreSeconds} vcore-seconds
      </Text>
      {e.outcome !== 'succeeded' && e.diagnostics ? <Text color={color}>{firstLine(e.diagnostics).slice(0, 300)}</Text> : null}
      {e.outcome === 'failed' ? e.lastLogLines.slice(-8).map((l, i) => <Line key={i} dimColor>{l}</Line>) : null}
      {e.logsUrl ? <Line dimColor>driver logs: {e.logsUrl}</Line> : null}
    </Box>
  );
}
