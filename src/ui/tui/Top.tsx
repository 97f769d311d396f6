/**
 * `apx top`'s Ink view: the cluster and its queues at the top, then the live applications, one
 * line each, sorted and filtered, never wider or taller than the terminal. Keys: ↑/↓ select,
 * s sort, r reverse, / filter, k kill (asks first), l logs, q quit.
 */
import { Box, Text, useInput, useStdout, type Key } from 'ink';
import React, { useEffect, useRef, useState } from 'react';
import type { TopBus } from '../../services/top/events.js';
import { describeFilter, filterRows, nextSort, parseFilter, sortRows, type Filter, type SortOrder, type TopSnapshot } from '../../services/top/snapshot.js';
import { appTable, clusterLine, queueLine } from '../format/top-table.js';
import { clock } from '../format/units.js';
import { Line } from './widgets.js';

/** What survives the view being put away (while `l` shows logs) and brought back. */
export interface TopSession {
  order: SortOrder;
  filter: Filter;
  selectedId?: string;
}

export interface TopActions {
  /** Kills the application; resolves with one line saying what YARN finally said. */
  kill: (appId: string) => Promise<string>;
  logs: (appId: string) => void;
  quit: (exitCode: number) => void;
}

export interface TopViewProps {
  bus: TopBus;
  initial: TopSnapshot;
  session: TopSession;
  actions: TopActions;
  clusterName: string;
  intervalLabel: string;
  /** Fixed size (tests); else the terminal's. */
  width?: number;
  height?: number;
  /** Default: colourWanted(). */
  colour?: boolean;
}

type Mode = { kind: 'normal' } | { kind: 'filter'; text: string } | { kind: 'confirm'; appId: string };

const KEYS = '↑↓ select · s sort · r reverse · / filter · k kill · l logs · q quit';
const KEYS_NARROW = '↑↓ · s/r sort · / filter · k kill · l logs · q quit';

/**
 * NO_COLOR (no-color.org: set and not empty) turns off colour and every attribute; the selection
 * stays visible by its '>' mark. chalk 5 does not read NO_COLOR itself, so the view does.
 */
export function colourWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return !env.NO_COLOR || !!env.FORCE_COLOR;
}

export function TopApp(props: TopViewProps): React.ReactElement {
  const { stdout } = useStdout();
  const width = Math.max(40, props.width ?? stdout?.columns ?? 80);
  const height = Math.max(8, props.height ?? stdout?.rows ?? 24);
  // Keys read and change this directly: two keys may arrive before React renders again.
  const live = useRef({ snapshot: props.initial, session: props.session, mode: { kind: 'normal' } as Mode });
  const [, setTick] = useState(0);
  const [error, setError] = useState<string>();
  const [message, setMessage] = useState<string>();
  const rerender = () => setTick((t) => t + 1);

  // A resized terminal gets a frame of its new size at once, not at the next refresh.
  useEffect(() => {
    if (!stdout) return;
    const onResize = () => rerender();
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
  }, [stdout]);

  useEffect(() => props.bus.on((e) => {
    if (e.type === 'snapshot') {
      live.current.snapshot = e.snapshot;
      setError(undefined);
      rerender();
    } else setError(`refresh failed at ${clock(new Date(e.at))}: ${e.message}`);
  }), [props.bus]);

  const view = () => {
    const { snapshot, session } = live.current;
    const rows = sortRows(filterRows(snapshot.apps, session.filter), session.order);
    const index = Math.max(0, rows.findIndex((r) => r.id === session.selectedId));
    return { rows, index, selected: rows[index] };
  };
  const update = (next: Partial<TopSession>) => {
    live.current.session = { ...live.current.session, ...next };
    Object.assign(props.session, live.current.session);
    rerender();
  };
  const setMode = (mode: Mode) => {
    live.current.mode = mode;
    rerender();
  };

  const applyFilter = (text: string) => {
    live.current.mode = { kind: 'normal' };
    update({ filter: parseFilter(text) });
  };

  // Keys typed fast or pasted arrive as one chunk ("/live\r"): each character is its own key.
  useInput((input, key) => {
    if (input.length <= 1 || key.ctrl || key.meta) return onKey(input, key);
    for (const ch of input) onKey(ch, { ...key, return: ch === '\r' || ch === '\n' });
  });

  function onKey(input: string, key: Key): void {
    const { mode, session } = live.current;
    if (key.ctrl && input === 'c') return props.actions.quit(130);
    if (mode.kind === 'filter') {
      if (key.return) return applyFilter(mode.text);
      if (key.escape) return setMode({ kind: 'normal' });
      if (key.backspace || key.delete) return setMode({ kind: 'filter', text: mode.text.slice(0, -1) });
      if (key.ctrl || key.meta || !input) return;
      return setMode({ kind: 'filter', text: mode.text + input });
    }
    if (mode.kind === 'confirm') {
      setMode({ kind: 'normal' });
      if (input !== 'y' && input !== 'Y') return setMessage(`${mode.appId} left running`);
      const appId = mode.appId;
      setMessage(`killing ${appId}… waiting for YARN to confirm`);
      props.actions.kill(appId).then(setMessage, (e: unknown) => setMessage(`${appId} could not be killed: ${(e as Error).message}`));
      return;
    }
    const { rows, index, selected } = view();
    if (input === 'q') return props.actions.quit(0);
    if (key.upArrow || key.downArrow || key.pageUp || key.pageDown) {
      const step = key.pageUp || key.pageDown ? Math.max(1, height - 8) : 1;
      const to = Math.min(rows.length - 1, Math.max(0, index + (key.upArrow || key.pageUp ? -step : step)));
      return update({ selectedId: rows[to]?.id });
    }
    if (input === 's') return update({ order: nextSort(session.order) });
    if (input === 'r') return update({ order: { ...session.order, reversed: !session.order.reversed } });
    if (input === '/') return setMode({ kind: 'filter', text: describeFilter(session.filter) });
    if (key.escape) return update({ filter: {} });
    if (input === 'k' && selected) return setMode({ kind: 'confirm', appId: selected.id });
    if (input === 'l' && selected) return props.actions.logs(selected.id);
  }

  const { rows, selected } = view();
  const { snapshot, session, mode } = live.current;
  const colour = props.colour ?? colourWanted();
  return <TopView {...{ snapshot, rows, selected, session, mode, message, error, width, height, colour, clusterName: props.clusterName, intervalLabel: props.intervalLabel }} />;
}

interface FrameProps {
  snapshot: TopSnapshot;
  rows: ReturnType<typeof sortRows>;
  selected?: TopSnapshot['apps'][number];
  session: TopSession;
  mode: Mode;
  message?: string;
  error?: string;
  width: number;
  height: number;
  clusterName: string;
  intervalLabel: string;
  colour: boolean;
}

/** One frame, exactly `height - 1` lines at most (a full-height frame makes Ink redraw the whole screen). */
export function TopView(p: FrameProps): React.ReactElement {
  const { snapshot, rows, width } = p;
  const st = (props: { color?: string; dimColor?: boolean }) => (p.colour ? props : {});
  // Fixed lines: title, cluster, table header, status, keys.
  const budget = p.height - 1 - 5;
  const queueRoom = Math.max(0, Math.min(snapshot.queues.length, Math.floor(budget / 3)));
  const queues = snapshot.queues.length > queueRoom ? snapshot.queues.slice(0, Math.max(0, queueRoom - 1)) : snapshot.queues;
  const hiddenQueues = snapshot.queues.length - queues.length;
  const visible = Math.max(1, budget - queues.length - (hiddenQueues ? 1 : 0));
  const selectedIndex = p.selected ? rows.indexOf(p.selected) : 0;
  const start = Math.max(0, Math.min(selectedIndex - Math.floor(visible / 2), rows.length - visible));
  const table = appTable(width - 2, p.session.order);
  const shown = rows.slice(start, start + visible);
  const filter = describeFilter(p.session.filter);
  const keys = width < 70 ? KEYS_NARROW : KEYS;
  return (
    <Box flexDirection="column" width={width}>
      <Line>
        <Text bold={p.colour}>apx top</Text> · {p.clusterName} · {clock(new Date(snapshot.at))} every {p.intervalLabel} · {rows.length}/{snapshot.apps.length} apps
        {filter ? ` · filter ${filter}` : ''}
      </Line>
      <Line {...st({ color: 'cyan' })}>{clusterLine(snapshot.cluster)}</Line>
      {queues.map((q) => <Line key={q.path} {...st({ dimColor: true })}>{queueLine(q, snapshot.cluster.totalMB)}</Line>)}
      {hiddenQueues ? <Line {...st({ dimColor: true })}>… {hiddenQueues} more queue{hiddenQueues === 1 ? '' : 's'}</Line> : null}
      <Line><Text bold={p.colour}>{`  ${table.header}`}</Text></Line>
      {shown.map((r) => (r === p.selected
        ? <Line key={r.id}><Text inverse={p.colour}>{`> ${table.row(r)}`.padEnd(width)}</Text></Line>
        : <Line key={r.id} {...st({ color: r.state === 'RUNNING' ? undefined : 'yellow' })}>{`  ${table.row(r)}`}</Line>))}
      {rows.length === 0 ? <Line {...st({ dimColor: true })}>  no applications{filter ? ' match the filter' : ''}</Line> : null}
      <Status {...p} />
      <Line {...st({ dimColor: true })}>{p.mode.kind === 'normal' ? keys : p.mode.kind === 'filter' ? 'Enter apply · Esc cancel · user:NAME queue:NAME state:STATE or any text' : 'y kill · any other key: keep it'}</Line>
    </Box>
  );
}

function Status(p: FrameProps): React.ReactElement {
  const st = (color: string | undefined, dimColor = false) => (p.colour ? { color, dimColor } : {});
  if (p.mode.kind === 'filter') return <Line {...st('cyan')}>filter: {p.mode.text}_</Line>;
  if (p.mode.kind === 'confirm') {
    const app = p.snapshot.apps.find((a) => a.id === (p.mode as { appId: string }).appId);
    return <Line {...st('magenta')}>Kill {app?.id} ({app?.name}, user {app?.user})? y/N</Line>;
  }
  if (p.error) return <Line {...st('red')}>{p.error}</Line>;
  if (p.message) return <Line {...st('magenta')}>{p.message}</Line>;
  return <Line {...st(undefined, true)}>{p.selected ? `${p.selected.id} · ${p.selected.name}` : ''}</Line>;
}
