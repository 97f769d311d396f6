/** The NodeManager's containers and their log files (log aggregation off: logs stay on the node). */

export interface MiniContainer {
  id: string;
  appId: string;
  user: string;
  state: 'RUNNING' | 'COMPLETE';
  exitCode: number;
  memoryMB: number;
  vCores: number;
  startTime: number;
  files: Map<string, string>;
  lastModified: Map<string, number>;
}

export class ContainerRegistry {
  readonly containers = new Map<string, MiniContainer>();

  start(id: string, appId: string, user: string, memoryMB: number, vCores: number, logNames: [string, string] = ['stdout', 'stderr']): MiniContainer {
    const now = Date.now();
    const files = new Map<string, string>([
      ['launch_container.sh', '#!/bin/bash\n# written by the apx mini cluster\n'],
      ['prelaunch.err', ''],
      [logNames[1], ''],
      ['directory.info', 'ls -l:\n'],
      ['prelaunch.out', 'Setting up env variables\nSetting up job resources\nCopying debugging information\nLaunching container\n'],
      [logNames[0], ''],
    ]);
    const c: MiniContainer = { id, appId, user, state: 'RUNNING', exitCode: -1000, memoryMB, vCores, startTime: now, files, lastModified: new Map([...files.keys()].map((k) => [k, now])) };
    this.containers.set(id, c);
    return c;
  }

  append(id: string, file: string, line: string): void {
    const c = this.containers.get(id);
    if (!c) return;
    c.files.set(file, `${c.files.get(file) ?? ''}${line}\n`);
    c.lastModified.set(file, Date.now());
  }

  /** A log file the container process writes itself (the mini reads it from disk as it grows). */
  setFile(id: string, file: string, content: string): void {
    const c = this.containers.get(id);
    if (!c || c.files.get(file) === content) return;
    c.files.set(file, content);
    c.lastModified.set(file, Date.now());
  }

  complete(id: string, exitCode: number): void {
    const c = this.containers.get(id);
    if (c && c.state === 'RUNNING') {
      c.state = 'COMPLETE';
      c.exitCode = exitCode;
    }
  }

  ofApp(appId: string): MiniContainer[] {
    return [...this.containers.values()].filter((c) => c.appId === appId);
  }
}
