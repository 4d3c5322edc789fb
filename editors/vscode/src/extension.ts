// The VS Code client of `deals lsp`: it starts the language server for YAML
// files on disk (the server itself tells deal files and deals.config.yaml
// from other YAML), restarts it on request or when its settings change, and
// says plainly what to do when the deals binary cannot be run.
import * as vscode from 'vscode';
import { execFile } from 'node:child_process';
import { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

export const installCommand = 'go install github.com/dealsascode/deals/cmd/deals@latest';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;
let configWatcher: vscode.FileSystemWatcher | undefined;
// Starts and stops run one after the other, never interleaved.
let queue: Promise<void> = Promise.resolve();

export interface Settings {
  command: string;
  args: string[];
}

// settings reads deals.path and deals.language into the command line of the
// server: `deals lsp`, or `deals lsp --lang zh`.
export function settings(): Settings {
  const config = vscode.workspace.getConfiguration('deals');
  const command = (config.get<string>('path') ?? '').trim() || 'deals';
  const language = (config.get<string>('language') ?? '').trim();
  const args = ['lsp'];
  if (language !== '') {
    args.push('--lang', language);
  }
  return { command, args };
}

export function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Deals');
  // The server reads deals.config.yaml; a change on disk (a checkout, a
  // pull) is sent to it as workspace/didChangeWatchedFiles.
  configWatcher = vscode.workspace.createFileSystemWatcher('**/deals.config.yaml');
  context.subscriptions.push(
    output,
    configWatcher,
    vscode.commands.registerCommand('deals.restartServer', () => restart()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('deals.path') || event.affectsConfiguration('deals.language')) {
        void restart();
      }
    }),
  );
  return enqueue(start);
}

export function deactivate(): Promise<void> {
  return enqueue(stop);
}

function restart(): Promise<void> {
  return enqueue(async () => {
    await stop();
    await start();
  });
}

function enqueue(step: () => Promise<void>): Promise<void> {
  queue = queue.then(step, step);
  return queue;
}

async function start(): Promise<void> {
  const { command, args } = settings();
  const cwd = workingFolder();
  const found = await probe(command, cwd);
  if ('problem' in found) {
    log(vscode.l10n.t('Could not run {0} --version: {1}', command, found.problem));
    // Not awaited: activation does not wait for a person to answer.
    void cannotStart(command, found.problem);
    return;
  }
  log(vscode.l10n.t('Starting {0} {1} ({2})', command, args.join(' '), found.version));

  const serverOptions: ServerOptions = { command, args, options: { cwd } };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'yaml' }],
    outputChannel: output,
    synchronize: { fileEvents: configWatcher },
  };
  const next = new LanguageClient('deals', vscode.l10n.t('Deals language server'), serverOptions, clientOptions);
  client = next;
  try {
    await next.start();
  } catch (error) {
    // The client has shown its own message and written the server's output
    // to the channel (a deals too old to have `lsp` says so there).
    log(vscode.l10n.t('The language server did not start: {0}', String(error)));
  }
}

async function stop(): Promise<void> {
  const current = client;
  client = undefined;
  if (current === undefined) {
    return;
  }
  try {
    await current.stop();
  } catch (error) {
    log(vscode.l10n.t('Stopping the language server failed: {0}', String(error)));
  }
}

// workingFolder is the first workspace folder on disk: the server starts
// there, and a relative deals.path is taken from there.
function workingFolder(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  return folder?.uri.fsPath;
}

// probe runs `deals --version` to learn whether the command can be run at
// all, before a language client is made: the one message of cannotStart is
// then all a person sees, not a second one from the client.
function probe(command: string, cwd: string | undefined): Promise<{ version: string } | { problem: string }> {
  return new Promise((resolve) => {
    execFile(command, ['--version'], { cwd, timeout: 10_000, windowsHide: true }, (error, stdout, stderr) => {
      if (error === null) {
        resolve({ version: String(stdout).trim() });
        return;
      }
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        resolve({ problem: vscode.l10n.t('it was not found') });
      } else if (code === 'EACCES') {
        resolve({ problem: vscode.l10n.t('it is not an executable file') });
      } else if (error.killed) {
        resolve({ problem: vscode.l10n.t('it did not answer within 10 seconds') });
      } else {
        const said = String(stderr).trim().split('\n')[0] || error.message;
        resolve({ problem: vscode.l10n.t('it failed: {0}', said) });
      }
    });
  });
}

async function cannotStart(command: string, problem: string): Promise<void> {
  const openSettings = vscode.l10n.t('Open the setting');
  const copyInstall = vscode.l10n.t('Copy the install command');
  const choice = await vscode.window.showErrorMessage(
    vscode.l10n.t(
      'Deals: the language server could not be started, because the command "{0}" cannot be run ({1}). Set "deals.path" to the deals binary, or install it with: {2}',
      command,
      problem,
      installCommand,
    ),
    openSettings,
    copyInstall,
  );
  if (choice === openSettings) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'deals.path');
  } else if (choice === copyInstall) {
    await vscode.env.clipboard.writeText(installCommand);
  }
}

function log(line: string): void {
  output?.appendLine(line);
}
