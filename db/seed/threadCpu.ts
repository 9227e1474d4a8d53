// CPU time of the calling thread (Linux: /proc/thread-self/stat, utime + stime in clock ticks of 10 ms).
// The seed runs on two threads; process.cpuUsage() adds them up, and the thread that is busier decides
// the wall time, so the seed's log shows both. Null where /proc is not there.
import fs from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

export function threadCpuMs(): number | null {
  try {
    const stat = fs.readFileSync('/proc/thread-self/stat', 'utf8');
    // fields after the command name (which may contain spaces) start at state, the 3rd field
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return null;
  }
}
