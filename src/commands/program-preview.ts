import { Option, type Command } from 'commander';
import { splitList } from './options.js';
import type { CommandContext } from './context.js';
import { runPreviewDownCommand, runPreviewUpCommand } from './preview.js';
import type { RunFormat } from './run-output.js';

interface ApiFlags {
  apiUrl?: string;
  requestTimeout: number;
  retryBase?: number;
}

/** The option builders of program.ts, shared so that `preview` takes the same flags as apply. */
export interface OptionKit {
  apiOptions: (command: Command) => Command;
  apiFlags: (opts: ApiFlags) => {
    apiUrl?: string;
    requestTimeoutMs: number;
    retryBaseMs?: number;
  };
  formatOption: (choices?: string[]) => Option;
  workspaceOption: () => Option;
  duration: (value: string) => number;
  collect: (value: string, previous?: string[]) => string[];
}

/** What commander hands `preview up`'s action. */
type UpFlags = ApiFlags & {
  name?: string;
  cluster?: string;
  format: RunFormat;
  workspace?: string;
  force?: boolean;
  only?: string[];
  wait: boolean;
  timeout: number;
  pollInterval: number;
};

/** Declares `preview up` and `preview down` on the program. */
export function addPreviewCommands(program: Command, kit: OptionKit, ctx: CommandContext, done: (code: number) => void): void {
  const { apiOptions, apiFlags, formatOption, workspaceOption, duration, collect } = kit;
  const preview = program
    .command('preview')
    .description("one environment per pull request: clone the manifest's environment, deploy the manifest to it, delete it");
  const nameOption = () => new Option('--name <name>', 'the preview environment (default: pr-<number> of the GitHub pull request or GitLab merge request)');
  apiOptions(
    preview
      .command('up')
      .description('find or clone (mode PREVIEW) the preview environment, apply the manifest to it, print its URLs')
      .argument('[file]', 'manifest file', 'qovery-deploy.yaml')
      .addOption(nameOption())
      .option('--cluster <id>', "cluster of a new preview (default: the source environment's)")
      .addOption(formatOption())
      .addOption(workspaceOption())
      .option('--force', 'deploy services even when they already run the wanted version')
      .option('--only <names>', 'deploy only these services (comma-separated names)', collect)
      .option('--no-wait', 'submit and exit without waiting for the outcome')
      .addOption(new Option('--timeout <duration>', 'give up waiting after this long (exit 4)').argParser(duration).default(30 * 60_000, '30m'))
      .addOption(new Option('--poll-interval <duration>', 'first status poll interval (grows to 10x)').argParser(duration).default(1000, '1s')),
  ).action(async (file: string, opts: UpFlags) => {
    const only = splitList(opts.only);
    done(
      await runPreviewUpCommand(
        {
          file,
          ...(opts.name !== undefined ? { name: opts.name } : {}),
          ...(opts.cluster ? { clusterId: opts.cluster } : {}),
          format: opts.format,
          ...(opts.workspace ? { workspace: opts.workspace } : {}),
          force: Boolean(opts.force),
          ...(only ? { only } : {}),
          wait: opts.wait,
          timeoutMs: opts.timeout,
          pollIntervalMs: opts.pollInterval,
          ...apiFlags(opts),
        },
        ctx,
      ),
    );
  });
  apiOptions(
    preview
      .command('down')
      .description("delete the preview environment (only one in mode PREVIEW, never the manifest's own) and wait until it is gone")
      .argument('[file]', 'manifest file', 'qovery-deploy.yaml')
      .addOption(nameOption())
      .addOption(formatOption())
      .addOption(
        new Option('--timeout <duration>', 'give up waiting for the deletion after this long (exit 4)').argParser(duration).default(10 * 60_000, '10m'),
      )
      .addOption(new Option('--poll-interval <duration>', 'pause between reads while it is deleted').argParser(duration).default(2000, '2s')),
  ).action(
    async (
      file: string,
      opts: ApiFlags & {
        name?: string;
        format: RunFormat;
        timeout: number;
        pollInterval: number;
      },
    ) => {
      done(
        await runPreviewDownCommand(
          {
            file,
            ...(opts.name !== undefined ? { name: opts.name } : {}),
            format: opts.format,
            timeoutMs: opts.timeout,
            pollIntervalMs: opts.pollInterval,
            ...apiFlags(opts),
          },
          ctx,
        ),
      );
    },
  );
}
