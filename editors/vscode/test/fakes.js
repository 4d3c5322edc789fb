// Fakes of the `vscode` module and of `vscode-languageclient/node`, put in
// the place of the real ones by load(), which then requires the compiled
// extension. Each call of load() starts afresh: new fakes, a new extension.
'use strict';

const Module = require('node:module');
const path = require('node:path');

const extensionFile = path.join(__dirname, '..', 'out', 'extension.js');
const fakeIds = {
  vscode: path.join(__dirname, '<fake vscode>'),
  'vscode-languageclient/node': path.join(__dirname, '<fake vscode-languageclient/node>'),
};

const realResolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (Object.prototype.hasOwnProperty.call(fakeIds, request)) {
    return fakeIds[request];
  }
  return realResolve.call(this, request, ...rest);
};

function install(id, exports) {
  const m = new Module(id);
  m.filename = id;
  m.loaded = true;
  m.exports = exports;
  require.cache[id] = m;
}

// fill puts values into a message as vscode.l10n.t does: {0}, {1}, ...
function fill(message, args) {
  return message.replace(/\{(\d+)\}/g, (all, i) => (i < args.length ? String(args[i]) : all));
}

function load({ settings = {}, folders = [], chooseInError } = {}) {
  const world = {
    settings: { ...settings },
    clients: [],
    errors: [],
    executed: [],
    clipboard: undefined,
    commands: new Map(),
    configListeners: [],
    watchers: [],
    output: [],
    translated: new Set(),
  };

  const disposable = () => ({ dispose() {} });
  const vscode = {
    l10n: {
      t(message, ...args) {
        world.translated.add(message);
        return fill(message, args);
      },
    },
    workspace: {
      get workspaceFolders() {
        return folders.map((fsPath) => ({ uri: { scheme: 'file', fsPath } }));
      },
      getConfiguration(section) {
        return {
          get(key, fallback) {
            const value = world.settings[`${section}.${key}`];
            return value === undefined ? fallback : value;
          },
        };
      },
      onDidChangeConfiguration(listener) {
        world.configListeners.push(listener);
        return disposable();
      },
      createFileSystemWatcher(glob) {
        const watcher = { glob, disposed: false, dispose() { this.disposed = true; } };
        world.watchers.push(watcher);
        return watcher;
      },
    },
    window: {
      createOutputChannel(name) {
        return { name, appendLine(line) { world.output.push(line); }, append() {}, show() {}, dispose() {} };
      },
      showErrorMessage(message, ...items) {
        world.errors.push({ message, items });
        return Promise.resolve(chooseInError ? chooseInError(items) : undefined);
      },
    },
    commands: {
      registerCommand(id, run) {
        world.commands.set(id, run);
        return disposable();
      },
      executeCommand(...args) {
        world.executed.push(args);
        return Promise.resolve();
      },
    },
    env: {
      clipboard: {
        writeText(text) {
          world.clipboard = text;
          return Promise.resolve();
        },
      },
    },
  };

  class LanguageClient {
    constructor(id, name, serverOptions, clientOptions) {
      Object.assign(this, { id, name, serverOptions, clientOptions, started: 0, stopped: 0 });
      world.clients.push(this);
    }
    start() {
      this.started++;
      return Promise.resolve();
    }
    stop() {
      this.stopped++;
      return Promise.resolve();
    }
  }

  install(fakeIds.vscode, vscode);
  install(fakeIds['vscode-languageclient/node'], { LanguageClient });
  delete require.cache[extensionFile];
  const extension = require(extensionFile);

  const context = { subscriptions: [] };
  world.changeSettings = (changes) => {
    Object.assign(world.settings, changes);
    const event = { affectsConfiguration: (name) => Object.keys(changes).some((k) => k === name || k.startsWith(`${name}.`)) };
    world.configListeners.forEach((listener) => listener(event));
  };
  return { extension, context, world };
}

module.exports = { load, extensionFile };
