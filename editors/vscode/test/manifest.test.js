// package.json declares what the extension does (activation, the command,
// the settings), and every text a person reads exists in English and in
// Chinese: the manifest's through package.nls*.json, the extension's own
// through l10n/bundle.l10n.zh-cn.json.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const read = (name) => JSON.parse(fs.readFileSync(path.join(root, name), 'utf8'));
const pkg = read('package.json');
const en = read('package.nls.json');
const zh = read('package.nls.zh-cn.json');
const hasHan = (text) => /\p{Script=Han}/u.test(text);

// resolve gives the English text of a manifest value: %key% from package.nls.json.
const resolve = (value) => value.replace(/^%(.+)%$/, (_, key) => en[key]);

test('activation: a folder with deals.config.yaml, or a YAML file', () => {
  assert.deepEqual([...pkg.activationEvents].sort(), ['onLanguage:yaml', 'workspaceContains:**/deals.config.yaml']);
  assert.equal(pkg.main, './out/extension.js');
  assert.ok(fs.existsSync(path.join(root, pkg.main)), 'compile first: npm run compile');
});

test('engines.vscode is the version of @types/vscode', () => {
  assert.equal(pkg.engines.vscode, `^${pkg.devDependencies['@types/vscode']}`);
});

test('the marketplace fields are there', () => {
  for (const field of ['name', 'displayName', 'description', 'version', 'publisher', 'license', 'repository']) {
    assert.ok(pkg[field], `package.json has no ${field}`);
  }
  assert.equal(pkg.repository.directory, 'editors/vscode');
});

test('the restart command', () => {
  const commands = pkg.contributes.commands;
  assert.equal(commands.length, 1);
  assert.equal(commands[0].command, 'deals.restartServer');
  assert.equal(`${resolve(commands[0].category)}: ${resolve(commands[0].title)}`, 'Deals: Restart language server');
});

test('the settings: deals.path, deals.language, deals.trace.server', () => {
  const props = pkg.contributes.configuration.properties;
  assert.deepEqual(Object.keys(props).sort(), ['deals.language', 'deals.path', 'deals.trace.server']);

  assert.equal(props['deals.path'].type, 'string');
  assert.equal(props['deals.path'].default, 'deals');
  assert.match(resolve(props['deals.path'].markdownDescription), /go install github\.com\/dealsascode\/deals\/cmd\/deals@latest/);

  assert.deepEqual(props['deals.language'].enum, ['', 'en', 'zh']);
  assert.equal(props['deals.language'].default, '');
  assert.equal(props['deals.language'].enumDescriptions.length, 3);

  assert.deepEqual(props['deals.trace.server'].enum, ['off', 'messages', 'verbose']);
  assert.equal(props['deals.trace.server'].default, 'off');
  assert.equal(props['deals.trace.server'].enumDescriptions.length, 3);

  for (const [name, prop] of Object.entries(props)) {
    assert.ok(prop.description || prop.markdownDescription, `${name} has no description`);
  }
});

test('in an untrusted workspace deals.path comes from the user settings only', () => {
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, ['deals.path']);
  assert.equal(pkg.contributes.configuration.properties['deals.path'].scope, 'machine-overridable');
});

test('package.nls.json and package.nls.zh-cn.json have the same keys, each used by package.json', () => {
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
  const used = new Set([...JSON.stringify(pkg).matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]));
  assert.deepEqual([...used].sort(), Object.keys(en).sort());
});

test('every Chinese manifest text is Chinese, but for names', () => {
  const names = new Set(['displayName', 'command.category', 'configuration.title']);
  for (const [key, text] of Object.entries(zh)) {
    assert.ok(text.trim() !== '' && en[key].trim() !== '', `${key} is empty`);
    if (names.has(key)) {
      assert.equal(text, en[key], `${key} is a name, the same in both languages`);
    } else {
      assert.ok(hasHan(text), `${key} is not translated: ${text}`);
    }
  }
});

// The messages of the extension: every vscode.l10n.t('...') of the source.
function messages() {
  const source = fs.readFileSync(path.join(root, 'src', 'extension.ts'), 'utf8');
  const calls = source.match(/l10n\.t\(/g) ?? [];
  const literals = [...source.matchAll(/l10n\.t\(\s*('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")/g)].map((m) =>
    Function(`"use strict"; return (${m[1]});`)(),
  );
  assert.equal(literals.length, calls.length, 'every l10n.t call has a literal message');
  assert.ok(literals.length > 0);
  return literals;
}

test('every message of the extension has its Chinese translation, and no translation is left over', () => {
  const bundle = read(path.join('l10n', 'bundle.l10n.zh-cn.json'));
  const wanted = [...new Set(messages())].sort();
  assert.deepEqual(Object.keys(bundle).sort(), wanted);
  const holes = (text) => [...text.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();
  for (const [message, translation] of Object.entries(bundle)) {
    assert.ok(hasHan(translation), `not translated: ${message}`);
    assert.deepEqual(holes(translation), holes(message), `the placeholders differ: ${message}`);
  }
  assert.equal(pkg.l10n, './l10n');
});

test('the development tools are pinned, and the lock file agrees with package.json', () => {
  for (const [name, version] of Object.entries(pkg.devDependencies)) {
    assert.match(version, /^\d+\.\d+\.\d+$/, `${name} is not pinned: ${version}`);
  }
  for (const name of ['typescript', '@types/vscode', '@types/node', '@vscode/vsce']) {
    assert.ok(pkg.devDependencies[name], `${name} is not a devDependency`);
  }
  assert.match(pkg.dependencies['vscode-languageclient'], /^\^9\./);
  const lock = read('package-lock.json');
  assert.deepEqual(lock.packages[''].dependencies, pkg.dependencies);
  assert.deepEqual(lock.packages[''].devDependencies, pkg.devDependencies);
});
