import { createInterface } from 'node:readline';
import { confirmationText } from '../report/run/text.js';
import type { PlannedFile } from '../results.js';
import type { CommandContext, InputSource } from './context.js';

/**
 * True when a person can answer: stdin and stderr are a terminal and this is not CI (`CI` set, as
 * every CI service does). Pipes, files, CI jobs and `--yes` never get a question.
 */
export function canAsk(ctx: CommandContext): boolean {
  const ci = ctx.env.CI;
  const inCi = ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
  return ctx.stdin?.isTTY === true && ctx.stderr.isTTY === true && !inCi;
}

/**
 * The confirmation apply asks before sending: the plan, then the question, on stderr; the answer
 * is one line of stdin, and only y or yes (any case) deploys. Questions for several files are
 * asked one after the other. `close` stops reading stdin so the process can end.
 */
export function confirmer(ctx: CommandContext, input: InputSource): { confirm: (planned: PlannedFile) => Promise<boolean>; close: () => void } {
  const lines = lineReader(input);
  let queue: Promise<unknown> = Promise.resolve();
  const ask = async (planned: PlannedFile): Promise<boolean> => {
    ctx.stderr.write(confirmationText(planned, ctx.colors));
    const answer = await lines.next();
    if (answer === undefined) ctx.stderr.write('\n');
    return answer !== undefined && /^\s*y(es)?\s*$/i.test(answer);
  };
  return {
    confirm: (planned) => {
      const asked = queue.then(() => ask(planned));
      queue = asked.catch(() => undefined);
      return asked;
    },
    close: () => lines.close(),
  };
}

/** Lines of a stream, one per call; undefined once the stream has ended. */
function lineReader(input: InputSource): { next: () => Promise<string | undefined>; close: () => void } {
  let reader: ReturnType<typeof createInterface> | undefined;
  const buffered: string[] = [];
  const waiting: ((line: string | undefined) => void)[] = [];
  let ended = false;
  const open = () => {
    if (reader) return;
    reader = createInterface({ input, terminal: false });
    reader.on('line', (line) => {
      const waiter = waiting.shift();
      if (waiter) waiter(line);
      else buffered.push(line);
    });
    reader.on('close', () => {
      ended = true;
      for (const waiter of waiting.splice(0)) waiter(undefined);
    });
  };
  return {
    next: () => {
      open();
      if (buffered.length > 0) return Promise.resolve(buffered.shift());
      if (ended) return Promise.resolve(undefined);
      return new Promise((resolve) => waiting.push(resolve));
    },
    close: () => reader?.close(),
  };
}
