/** Clock timers are identified by string keys derived from engine state, so they can be re-armed after a reload. */
export type TimerKey =
  | { kind: 'wft'; runId: string; scheduledEventId: number; attempt: number }
  | { kind: 'sticky'; runId: string; scheduledEventId: number; attempt: number }
  | { kind: 'user'; runId: string; timerId: string }
  | { kind: 'act'; runId: string; scheduledEventId: number; which: ActivityTimer }
  | { kind: 'run'; runId: string }
  | { kind: 'backoff'; runId: string }
  /** Standalone activities (runId is the activity's run). */
  | { kind: 'sa'; runId: string; which: StandaloneTimer }
  | { kind: 'callback'; id: number };

export type ActivityTimer = 's2c' | 's2s' | 'stc' | 'hb' | 'retry';
export type StandaloneTimer = ActivityTimer | 'delay';

export function encodeTimerKey(k: TimerKey): string {
  switch (k.kind) {
    case 'wft':
      return `wft|${k.runId}|${k.scheduledEventId}|${k.attempt}`;
    case 'sticky':
      return `sticky|${k.runId}|${k.scheduledEventId}|${k.attempt}`;
    case 'user':
      return `user|${k.runId}|${k.timerId}`;
    case 'act':
      return `act|${k.runId}|${k.scheduledEventId}|${k.which}`;
    case 'run':
      return `run|${k.runId}`;
    case 'backoff':
      return `backoff|${k.runId}`;
    case 'sa':
      return `sa|${k.runId}|${k.which}`;
    case 'callback':
      return `callback|${k.id}`;
  }
}

export function decodeTimerKey(s: string): TimerKey | undefined {
  const parts = s.split('|');
  const [kind, a = '', b = '', c = ''] = parts;
  switch (kind) {
    case 'wft':
    case 'sticky':
      return { kind, runId: a, scheduledEventId: Number(b), attempt: Number(c) };
    case 'user':
      return { kind, runId: a, timerId: parts.slice(2).join('|') };
    case 'act':
      return { kind, runId: a, scheduledEventId: Number(b), which: c as ActivityTimer };
    case 'run':
    case 'backoff':
      return { kind, runId: a };
    case 'sa':
      return { kind, runId: a, which: b as StandaloneTimer };
    case 'callback':
      return { kind, id: Number(a) };
    case undefined:
    default:
      return undefined;
  }
}
