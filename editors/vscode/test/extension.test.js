// The extension against fakes of VS Code and of the language client: which
// server it starts for which documents, restarts, stops, and what a person
// is told when the deals command cannot be run.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { load } = require('./fakes');

// A stand-in for the deals binary: it answers --version and nothing else.
const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'deals-vscode-test-'));
const fakeDeals = path.join(bin, 'deals');
fs.writeFileSync(fakeDeals, '#!/bin/sh\n[ "$1" = --version ] && echo "deals version 0.0.0-test"\n', { mode: 0o755 });
const failingDeals = path.join(bin, 'deals-broken');
fs.writeFileSync(failingDeals, '#!/bin/sh\necho "deals: broken for the test" >&2\nexit 3\n', { mode: 0o755 });
test.after(() => fs.rmSync(bin, { recursive: true, force: true }));

// settled waits until the extension's queued starts and stops have run.
async function settled(check) {
  for (let i = 0; i < 200 && !check(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.ok(check(), 'the extension did not get there');
}

test('activate starts deals lsp from deals.path for YAML files on disk', async () => {
  const { extension, context, world } = load({ settings: { 'deals.path': fakeDeals }, folders: [bin] });
  await extension.activate(context);

  assert.equal(world.clients.length, 1);
  const [client] = world.clients;
  assert.equal(client.id, 'deals', 'the id is what deals.trace.server is read by');
  assert.deepEqual(client.serverOptions.command, fakeDeals);
  assert.deepEqual(client.serverOptions.args, ['lsp']);
  assert.equal(client.serverOptions.transport, undefined, 'no transport: the client adds no --stdio');
  assert.equal(client.serverOptions.options.cwd, bin);
  assert.deepEqual(client.clientOptions.documentSelector, [{ scheme: 'file', language: 'yaml' }]);
  assert.equal(client.clientOptions.synchronize.fileEvents.glob, '**/deals.config.yaml');
  assert.equal(client.started, 1);
  assert.deepEqual(world.errors, []);
  assert.ok(world.output.some((line) => line.includes('deals version 0.0.0-test')), world.output.join('\n'));

  await extension.deactivate();
  assert.equal(client.stopped, 1);
});

test('deals.language adds --lang to the server command', async () => {
  const { extension, context, world } = load({ settings: { 'deals.path': fakeDeals, 'deals.language': 'zh' } });
  await extension.activate(context);
  assert.deepEqual(world.clients[0].serverOptions.args, ['lsp', '--lang', 'zh']);
  await extension.deactivate();
});

test('without deals.path the command is deals', () => {
  const { extension } = load();
  assert.deepEqual(extension.settings(), { command: 'deals', args: ['lsp'] });
});

test('an empty or blank deals.path is deals too; deals.language en is passed', () => {
  const { extension } = load({ settings: { 'deals.path': '  ', 'deals.language': 'en' } });
  assert.deepEqual(extension.settings(), { command: 'deals', args: ['lsp', '--lang', 'en'] });
});

test('the restart command stops the server and starts it again', async () => {
  const { extension, context, world } = load({ settings: { 'deals.path': fakeDeals } });
  await extension.activate(context);
  const restart = world.commands.get('deals.restartServer');
  assert.ok(restart, 'deals.restartServer is registered');
  await restart();

  assert.equal(world.clients.length, 2);
  assert.equal(world.clients[0].stopped, 1);
  assert.equal(world.clients[1].started, 1);
  await extension.deactivate();
  assert.equal(world.clients[1].stopped, 1);
});

test('a change of deals.language restarts the server with the new language', async () => {
  const { extension, context, world } = load({ settings: { 'deals.path': fakeDeals } });
  await extension.activate(context);
  world.changeSettings({ 'deals.language': 'zh' });
  await settled(() => world.clients.length === 2 && world.clients[1].started === 1);

  assert.equal(world.clients[0].stopped, 1);
  assert.deepEqual(world.clients[1].serverOptions.args, ['lsp', '--lang', 'zh']);
  await extension.deactivate();
});

test('a change of another setting leaves the server alone', async () => {
  const { extension, context, world } = load({ settings: { 'deals.path': fakeDeals } });
  await extension.activate(context);
  world.changeSettings({ 'deals.trace.server': 'verbose', 'editor.tabSize': 2 });
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(world.clients.length, 1);
  assert.equal(world.clients[0].stopped, 0);
  await extension.deactivate();
});

test('a deals.path that is not there: one error naming the setting and the install command, no client', async () => {
  const missing = path.join(bin, 'no-such-deals');
  const { extension, context, world } = load({ settings: { 'deals.path': missing } });
  await extension.activate(context);

  assert.equal(world.clients.length, 0);
  assert.equal(world.errors.length, 1);
  const { message, items } = world.errors[0];
  assert.match(message, /deals\.path/);
  assert.ok(message.includes(missing), message);
  assert.ok(message.includes('go install github.com/dealsascode/deals/cmd/deals@latest'), message);
  assert.ok(message.includes('it was not found'), message);
  assert.deepEqual(items, ['Open the setting', 'Copy the install command']);
  await extension.deactivate();
});

test('a deals.path that fails to run is reported with what it said', async () => {
  const { extension, context, world } = load({ settings: { 'deals.path': failingDeals } });
  await extension.activate(context);
  assert.equal(world.clients.length, 0);
  assert.equal(world.errors.length, 1);
  assert.ok(world.errors[0].message.includes('deals: broken for the test'), world.errors[0].message);
});

test('a file that is not executable is reported as such', async () => {
  const plain = path.join(bin, 'deals-not-executable');
  fs.writeFileSync(plain, 'not a program\n', { mode: 0o644 });
  const { extension, context, world } = load({ settings: { 'deals.path': plain } });
  await extension.activate(context);
  assert.equal(world.clients.length, 0);
  assert.ok(world.errors[0].message.includes('it is not an executable file'), world.errors[0].message);
});

test('the error buttons open the setting and copy the install command', async () => {
  const missing = path.join(bin, 'no-such-deals');
  for (const [button, check] of [
    ['Open the setting', (world) => assert.deepEqual(world.executed, [['workbench.action.openSettings', 'deals.path']])],
    ['Copy the install command', (world) => assert.equal(world.clipboard, 'go install github.com/dealsascode/deals/cmd/deals@latest')],
  ]) {
    const { extension, context, world } = load({ settings: { 'deals.path': missing }, chooseInError: () => button });
    await extension.activate(context);
    await settled(() => world.executed.length > 0 || world.clipboard !== undefined);
    check(world);
  }
});

test('installing deals and restarting starts the server without a second error', async () => {
  const later = path.join(bin, 'deals-later');
  const { extension, context, world } = load({ settings: { 'deals.path': later } });
  await extension.activate(context);
  assert.equal(world.errors.length, 1);
  fs.copyFileSync(fakeDeals, later);
  fs.chmodSync(later, 0o755);
  await world.commands.get('deals.restartServer')();
  assert.equal(world.clients.length, 1);
  assert.equal(world.clients[0].started, 1);
  assert.equal(world.errors.length, 1);
  await extension.deactivate();
});

test('deactivate without a server does nothing', async () => {
  const { extension } = load();
  await extension.deactivate();
});
