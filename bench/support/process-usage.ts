import { readdirSync, readFileSync } from 'node:fs';

const USER_HZ = 100;

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); 0 when unknown. */
export function processCpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  } catch {
    return 0;
  }
}

/** CPU seconds used so far by every process whose name starts with `comm` (e.g. all PostgreSQL backends). */
export function cpuSecondsByName(comm: string): number {
  try {
    return readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          return readFileSync(`/proc/${d}/comm`, 'utf8').startsWith(comm);
        } catch {
          return false;
        }
      })
      .reduce((sum, d) => sum + processCpuSeconds(Number(d)), 0);
  } catch {
    return 0; // not Linux
  }
}

/** CPU seconds of this process. */
export function ownCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Milliseconds of CPU per unit of work, by process, between two readings. */
export function cpuMsPer(before: Record<string, number>, after: Record<string, number>, units: number): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after).map(([name, s]) => [name, Number((((s - (before[name] ?? 0)) * 1000) / Math.max(1, units)).toFixed(2))]),
  );
}

/**
 * CPU seconds used so far by each thread of a process, keyed `<name>#<n>` in thread-creation order (Node names its
 * main thread and worker threads alike `node`: #1 is the main thread), from /proc.
 */
export function threadCpuSecondsByName(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = `${(/\((.*)\)/.exec(stat)?.[1] ?? '?').replace(/[\d-]+$/, '')}#${tid === String(pid) ? 1 : tid}`;
        const fields = stat.replace(/^.*\) /, '').split(' ');
        out[name] = (out[name] ?? 0) + (Number(fields[11]) + Number(fields[12])) / USER_HZ;
      } catch {
        // the thread ended between listing and reading
      }
    }
  } catch {
    // not Linux, or the process ended
  }
  return out;
}

/** Resident memory of a process in MiB (VmRSS), from /proc (Linux); 0 when unknown. */
export function processRssMiB(pid: number): number {
  try {
    const kib = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? 0 : Math.round(Number(kib) / 1024);
  } catch {
    return 0;
  }
}

/** CPU seconds of the children a process has waited for (ended and reaped), from /proc (Linux); 0 when unknown. */
export function reapedChildrenCpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[13]) + Number(fields[14])) / USER_HZ;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds used so far by a process and its direct children (a postmaster and its backends), from /proc: the
 * children alive now AND those that ended since (their CPU moves to the parent's reaped-children counters when it
 * waits for them). Without the latter, a backend that ended between two readings (a pool closing an idle
 * connection, an autovacuum worker) took all its CPU out of the difference, even what it used before the first one.
 */
export function treeCpuSeconds(rootPid: number): number {
  let total = processCpuSeconds(rootPid) + reapedChildrenCpuSeconds(rootPid);
  try {
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const ppid = Number(readFileSync(`/proc/${d}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1]);
        if (ppid === rootPid) total += processCpuSeconds(Number(d));
      } catch {
        // the process ended between listing and reading
      }
    }
  } catch {
    return 0; // not Linux
  }
  return total;
}

/** The postmaster of an embedded cluster under `dataDir` (`<dataDir>/pgdata/postmaster.pid`, line 1), or 0. */
export function postmasterPid(dataDir: string): number {
  try {
    return Number(readFileSync(`${dataDir}/pgdata/postmaster.pid`, 'utf8').split('\n')[0]) || 0;
  } catch {
    return 0;
  }
}
