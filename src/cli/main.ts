import { Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { AppealError, isAppealError } from '../appeal/errors.js';
import { detectGlobals, type Globals } from './output.js';

/**
 * The commander program. Kept thin: each command's module (and the heavy libraries
 * behind it: sharp, ffmpeg, tesseract, docx) is imported only when that command runs,
 * so `appeal --help` stays instant.
 */

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export interface InitOptions {
  notice?: string;
  from?: string;
  yes?: boolean;
  /** Received date for a pasted notice (text has no Date header). */
  received?: string;
}
export interface CheckOptions {
  businessName?: string;
  asins?: string;
  ocr: boolean;
  format: 'stylish' | 'json';
  strict?: boolean;
  sheet?: string;
  /** The seller's listings report: ASINs one character off a listed one are flagged. */
  listings?: string;
}
export interface BuildOptions {
  out?: string;
  maxEmailSize: string;
  video: boolean;
  force?: boolean;
}
export interface DraftCliOptions {
  imap?: string;
  user?: string;
  mailbox?: string;
}

export interface SignOptions {
  name?: string;
  out?: string;
  paper?: 'letter' | 'a4';
  logo?: string;
  size: 'page' | 'card';
}

function globalsOf(command: Command): Globals {
  const opts = command.optsWithGlobals<{ quiet?: boolean; color?: boolean }>();
  return detectGlobals(opts);
}

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command();
  // Before any subcommand is added, so they inherit it: usage errors come back to main().
  program.exitOverride();
  program
    .name('appeal')
    .description(
      'Prepare an Amazon Handmade verification appeal: answer the questions, check your photos, ' +
        'and build a Word document plus a ready-to-send email under the size limit.',
    )
    .version(version(), '-v, --version', 'print the version')
    .option('-q, --quiet', 'print only errors and results')
    .option('--no-color', 'plain output without colours (NO_COLOR is honoured too)')
    .showHelpAfterError('(run `appeal --help` or `appeal <command> --help` for usage)')
    .addHelpText(
      'after',
      '\nExit codes: 0 all good, 1 problems found or answers missing, 2 bad usage or unreadable input, 130 stopped with Ctrl-C.\n' +
        'Typical order: appeal init --notice notice.eml  →  appeal check  →  appeal build  →  appeal draft',
    );

  program
    .command('init')
    .description('interview: answer the questions and pick your photos; saves dir/appeal.json after every answer')
    .argument('[dir]', 'folder of the appeal', '.')
    .option('--notice <file>', "Amazon's notification (.eml or pasted .txt): fills in ASINs, deadline and the exact questions")
    .option('--from <file>', 'a partial appeal.json to merge in before asking')
    .option('--received <date>', 'when a pasted (.txt) notice arrived, as your mail program shows it, e.g. "Nov 20, 2026 at 2:03 PM" (an .eml has its own date)')
    .option('-y, --yes', 'no prompts: use --notice/--from and defaults; exit 1 listing what is still missing')
    .action(async (dir: string, options: InitOptions, command: Command) => {
      const { runInit } = await import('./init.js');
      setExit(await runInit(dir, options, globalsOf(command)));
    });

  program
    .command('check')
    .description('lint photos, videos, answers or a built .eml before you send it')
    .argument('[path]', 'an appeal folder (has appeal.json), a plain folder of photos/videos, or a built .eml', '.')
    .option('--business-name <name>', 'the name that must be readable in each photo')
    .option('--asins <list>', 'ASINs the notification named, comma separated')
    .option('--no-ocr', 'skip reading the business name in photos')
    .addOption(new Option('--format <format>', 'output format').choices(['stylish', 'json']).default('stylish'))
    .option('--strict', 'warnings fail too (exit 1)')
    .option('--sheet <file.png>', 'write a contact sheet showing where the business name was found')
    .option('--listings <file>', 'your listings report from Seller Central (.txt or .xlsx): photo ASINs are compared with it')
    .action(async (path: string, options: CheckOptions, command: Command) => {
      const { runCheck } = await import('./check.js');
      setExit(await runCheck(path, options, globalsOf(command)));
    });

  program
    .command('build')
    .description('recompress media to fit the email, write out/appeal.docx, out/appeal.eml and out/report.json')
    .argument('[dir]', 'folder of the appeal', '.')
    .option('--out <dir>', 'output folder (default: dir/out)')
    .option('--max-email-size <size>', 'size limit of the whole encoded email (MB = 1,000,000 bytes; KB, MB, MiB)', '18MB')
    .option('--no-video', 're-appeal variant: leave the video out, with no mention of it')
    .option('--force', 'build even when check finds errors')
    .action(async (dir: string, options: BuildOptions, command: Command) => {
      const { runBuild } = await import('./build.js');
      setExit(await runBuild(dir, options, globalsOf(command)));
    });

  program
    .command('status')
    .description('time left to the deadline, what is still missing, and the next step')
    .argument('[dir]', 'folder of the appeal', '.')
    .action(async (dir: string, _options: unknown, command: Command) => {
      const { runStatus } = await import('./status.js');
      setExit(await runStatus(dir, globalsOf(command)));
    });

  program
    .command('draft')
    .description('put the built email (out/appeal.eml) into your Drafts folder, ready to check and send')
    .argument('[dir]', 'folder of the appeal', '.')
    .option('--imap <host[:port]>', 'your IMAP server, when appeal cannot tell it from your address (port 993 by default)')
    .option('--user <login>', 'login at the mail server (default: business.email)')
    .option('--mailbox <name>', 'the folder to put it in (default: the Drafts folder the server names)')
    .addHelpText(
      'after',
      '\nPassword: from APPEAL_IMAP_PASSWORD, else asked without echo; never stored. Most providers want an app password.\n' +
        'Always over TLS with the certificate verified. APPEAL_IMAP_TIMEOUT sets the wait in seconds (default 30).',
    )
    .action(async (dir: string, options: DraftCliOptions, command: Command) => {
      const { runDraft } = await import('./draft.js');
      setExit(await runDraft(dir, options, globalsOf(command)));
    });

  program
    .command('sign')
    .description('a printable sign with your business name for your photos: dir/sign.pdf and the same sign as dir/sign.png')
    .argument('[dir]', 'folder of the appeal', '.')
    .option('--name <name>', 'the name to print (default: the business name in appeal.json)')
    .option('--out <file.pdf>', 'where to write the PDF (default: dir/sign.pdf); the PNG goes beside it')
    .addOption(new Option('--paper <paper>', 'paper size (default: from your locale)').choices(['letter', 'a4']))
    .option('--logo <image>', 'your logo (PNG, JPG or SVG), printed above the name')
    .addOption(new Option('--size <size>', 'a full page, or four cards to cut out for small items').choices(['page', 'card']).default('page'))
    .action(async (dir: string, options: SignOptions, command: Command) => {
      const { runSign } = await import('./sign.js');
      setExit(await runSign(dir, options, globalsOf(command)));
    });

  return program;
}

/** Runs the CLI and returns the exit code; never throws. */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    return reportFailure(error);
  }
}

export function reportFailure(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version are not failures; commander already printed usage problems.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
      return 0;
    }
    return 2;
  }
  const debug = /(^|,)\s*appeal\b/.test(process.env.DEBUG ?? '');
  if (isAppealError(error)) {
    process.stderr.write(`appeal: ${error.toLine()}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `appeal: internal error: ${message}\n` +
      (debug
        ? `${(error as Error)?.stack ?? ''}\n`
        : 'This is a bug in appeal, not something you did. Run again with DEBUG=appeal to see the details and report them.\n'),
  );
  return 2;
}

export { AppealError };
