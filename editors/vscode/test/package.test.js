// What `vsce package` puts in the .vsix: the compiled extension, its
// manifest and texts, and vscode-languageclient with what it needs, and
// nothing of the sources, tests or tools. The files it lists are copied to
// a folder, as VS Code unpacks them, and the language client is loaded from
// there.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Module = require('node:module');
const { execFileSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');

function packaged() {
  const out = execFileSync(process.execPath, [vsce, 'ls'], { cwd: root, encoding: 'utf8' });
  return out.split('\n').map((line) => line.trim()).filter((line) => line !== '');
}

test('the package holds the extension and its runtime dependencies only', () => {
  const files = packaged();
  const own = files.filter((f) => !f.startsWith('node_modules/')).sort();
  assert.deepEqual(own, [
    'README.md',
    'l10n/bundle.l10n.zh-cn.json',
    'out/extension.js',
    'package.json',
    'package.nls.json',
    'package.nls.zh-cn.json',
  ].concat(fs.existsSync(path.join(root, 'LICENSE')) ? ['LICENSE'] : []).sort());

  const modules = new Set(files.filter((f) => f.startsWith('node_modules/')).map((f) => f.split('/')[1]));
  assert.deepEqual([...modules].sort(), [
    'semver',
    'vscode-jsonrpc',
    'vscode-languageclient',
    'vscode-languageserver-protocol',
    'vscode-languageserver-types',
  ]);
  assert.ok(files.includes('node_modules/vscode-languageclient/node.js'));
});

test('vscode-languageclient/node loads from the packaged files alone', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deals-vsix-'));
  try {
    for (const file of packaged()) {
      fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
      fs.copyFileSync(path.join(root, file), path.join(dir, file));
    }
    // `vscode` is VS Code's own; here a stand-in that has every name.
    const anything = new Proxy(function () {}, {
      get: (target, name) => (name === 'prototype' ? target.prototype : anything),
      apply: () => anything,
      construct: () => anything,
    });
    const fromPackage = Module.createRequire(path.join(dir, 'out', 'extension.js'));
    const resolved = fromPackage.resolve('vscode-languageclient/node');
    assert.ok(resolved.startsWith(dir + path.sep), `resolved outside the package: ${resolved}`);

    const realResolve = Module._resolveFilename;
    const vscodeId = path.join(dir, '<vscode>');
    Module._resolveFilename = function (request, ...rest) {
      return request === 'vscode' ? vscodeId : realResolve.call(this, request, ...rest);
    };
    const fake = new Module(vscodeId);
    fake.loaded = true;
    fake.exports = anything;
    require.cache[vscodeId] = fake;
    try {
      const client = fromPackage('vscode-languageclient/node');
      assert.equal(typeof client.LanguageClient, 'function');
      for (const loaded of Object.keys(require.cache).filter((id) => id.includes(`${path.sep}node_modules${path.sep}`))) {
        assert.ok(loaded.startsWith(dir + path.sep), `loaded from outside the package: ${loaded}`);
      }
    } finally {
      Module._resolveFilename = realResolve;
      delete require.cache[vscodeId];
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
