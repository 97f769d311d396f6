// Loaded with `node --import` into a child apx: reports its peak RSS and CPU time (user + system) on
// stderr as it exits.
// VmHWM (this process image's own high-water mark), not getrusage's maxRSS: on Linux the latter
// keeps the RSS of the forked parent from before exec, which here is the bench holding the mini cluster.
import fs from 'node:fs';
process.on('exit', () => {
  const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
  const cpu = process.cpuUsage();
  fs.writeSync(2, `\napx-bench-maxrss-kib=${hwm ?? process.resourceUsage().maxRSS}\napx-bench-cpu-us=${cpu.user + cpu.system}\n`);
});
