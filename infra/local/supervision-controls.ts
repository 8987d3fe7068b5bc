// The local stack's clock and 电子监察 sweep (issue #7), on this machine only, never deployed:
//
// - Schedules: every handler with a `schedule` in infra/functions.ts runs on a timer, through the
//   local Lambda runtime, as EventBridge Scheduler would run it (no overlap: a tick is skipped while
//   the previous run is still going).
// - Controls, served by the department simulator (loopback callers only):
//     GET  /_clock                          { offsetMs, now }: the stack's clock
//     POST /_clock { offsetMs } | { at }    moves the WHOLE stack's clock (CLOCK_OFFSET_MS of this
//                                           process, read by every handler on every call): for
//                                           trying things by hand with `npm start`. Tests on the
//                                           shared stack never use it (it would move every other
//                                           test's deadlines too); clock-moved.test.ts starts its own.
//     POST /_supervision/sweep { at?, caseNos? }
//                                           runs one sweep now, judged at `at` (default: the stack's
//                                           clock), limited to `caseNos` when given: what tests use
//                                           to cross a threshold without waiting and without
//                                           touching other tests' cases. Answers the sweep's report.
//   The deployed sweep handler takes no instant and no scope; only this control can give them.
import * as z from 'zod';
import type { SweepReport } from '../../functions/steps/supervise-deadlines.ts';
import { functionSpecs, type FunctionName, type FunctionSpec } from '../functions.ts';
import type { ControlHandler } from './department-simulator.ts';
import type { LocalRuntime } from './lambda-runtime.ts';

export interface SweepRequest {
  /** The instant the sweep judges by. @default the stack's clock */
  readonly at?: Date;
  /** Only these cases. @default every case */
  readonly caseNos?: readonly string[];
}

export type Sweep = (request: SweepRequest) => Promise<SweepReport>;

/** The stack's clock offset: CLOCK_OFFSET_MS of this process (core/clock.ts clockFromEnv reads it on every call). */
export const clockOffsetMs = (env: NodeJS.ProcessEnv = process.env): number => {
  const raw = env.CLOCK_OFFSET_MS;
  return raw === undefined || raw.trim() === '' ? 0 : Number(raw);
};

const clockBody = z.union([
  z.strictObject({ offsetMs: z.number().int().safe() }),
  z.strictObject({ at: z.iso.datetime({ offset: true }) }),
]);

const sweepBody = z
  .strictObject({
    at: z.iso.datetime({ offset: true }).optional(),
    caseNos: z.array(z.string().min(1).max(64)).min(1).max(1000).optional(),
  })
  .default({});

const invalid = (error: z.ZodError) => ({ status: 400, body: { error: z.prettifyError(error) } });

export const supervisionControls = (options: { readonly sweep: Sweep; readonly env?: NodeJS.ProcessEnv }): Record<string, ControlHandler> => {
  const env = options.env ?? process.env;
  const clockState = () => {
    const offsetMs = clockOffsetMs(env);
    return { offsetMs, now: new Date(Date.now() + offsetMs).toISOString() };
  };
  return {
    'GET /_clock': () => Promise.resolve({ status: 200, body: clockState() }),
    'POST /_clock': ({ body }) => {
      const parsed = clockBody.safeParse(body);
      if (!parsed.success) return Promise.resolve(invalid(parsed.error));
      const offsetMs = 'offsetMs' in parsed.data ? parsed.data.offsetMs : Date.parse(parsed.data.at) - Date.now();
      env.CLOCK_OFFSET_MS = String(offsetMs);
      return Promise.resolve({ status: 200, body: clockState() });
    },
    'POST /_supervision/sweep': async ({ body }) => {
      const parsed = sweepBody.safeParse(body);
      if (!parsed.success) return invalid(parsed.error);
      const report = await options.sweep({
        ...(parsed.data.at ? { at: new Date(parsed.data.at) } : {}),
        ...(parsed.data.caseNos ? { caseNos: parsed.data.caseNos } : {}),
      });
      return { status: 200, body: report };
    },
  };
};

export interface Schedules {
  stop(): Promise<void>;
}

/** Runs every scheduled handler on its rate (or every `everyMs`); `everyMs: 0` runs none. */
export const startSchedules = (options: { readonly runtime: LocalRuntime; readonly everyMs?: number; readonly log?: (line: string) => void }): Schedules => {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<void>>();
  if (options.everyMs !== 0) {
    for (const name of Object.keys(functionSpecs) as FunctionName[]) {
      const schedule = (functionSpecs[name] as FunctionSpec).schedule;
      if (schedule === undefined) continue;
      let busy = false;
      const tick = () => {
        if (busy) return;
        busy = true;
        const run = options.runtime
          .invoke(name, { source: 'local-schedule', handler: name })
          .then(
            () => undefined,
            (error: unknown) => console.error(`${name} (scheduled) failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`),
          )
          .finally(() => {
            busy = false;
            running.delete(run);
          });
        running.add(run);
      };
      const everyMs = options.everyMs ?? schedule.everyMinutes * 60_000;
      timers.push(setInterval(tick, everyMs).unref());
      options.log?.(`${name} runs every ${Math.round(everyMs / 1000)} s`);
    }
  }
  return {
    stop: async () => {
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...running]);
    },
  };
};
