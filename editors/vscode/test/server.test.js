// The real deals lsp, spoken to with vscode-jsonrpc and
// vscode-languageserver-protocol, the libraries inside
// vscode-languageclient: what VS Code sends, deals understands, and what
// deals answers, VS Code reads. DEALS_BIN names the deals binary (CI builds
// it); without it the test is skipped, unless DEALS_E2E is set.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { pathToFileURL } = require('node:url');
const rpc = require('vscode-jsonrpc/node');
const lsp = require('vscode-languageserver-protocol');

const bin = process.env.DEALS_BIN;
const skip = !bin && !process.env.DEALS_E2E ? 'DEALS_BIN is not set' : false;

test('deals lsp answers vscode-languageclient\'s own protocol library', { skip, timeout: 30000 }, async () => {
  assert.ok(bin, 'DEALS_BIN must name the deals binary when DEALS_E2E is set');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deals-vscode-'));
  fs.mkdirSync(path.join(dir, 'deals'));
  fs.writeFileSync(path.join(dir, 'deals.config.yaml'), 'team:\n  - id: ana\n    name: Ana\n');
  const text = 'id: acme\ntitle: T\naccount: {name: A, size: small}\nproduct: {name: P, complexity: simple}\nstage: develp\nowner: ana\n';
  const file = path.join(dir, 'deals', 'acme.yaml');
  fs.writeFileSync(file, text);
  const uri = pathToFileURL(fs.realpathSync(file)).href;

  const child = spawn(bin, ['lsp', '--stdio', '--today', '2026-12-02'], { cwd: dir, stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const published = new Promise((resolve) => {
    conn.onNotification(lsp.PublishDiagnosticsNotification.type, (p) => { if (p.uri === uri) resolve(p); });
  });
  conn.onRequest(lsp.RegistrationRequest.type, () => null);
  conn.listen();
  try {
    const init = await conn.sendRequest(lsp.InitializeRequest.type, {
      processId: process.pid, rootUri: pathToFileURL(dir).href, locale: 'en',
      capabilities: { general: { positionEncodings: ['utf-16'] }, workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'deals' }],
    });
    assert.equal(init.serverInfo.name, 'deals');
    assert.equal(init.capabilities.textDocumentSync.change, lsp.TextDocumentSyncKind.Incremental);
    await conn.sendNotification(lsp.InitializedNotification.type, {});
    await conn.sendNotification(lsp.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });

    const p = await published;
    const stage = p.diagnostics.find((d) => d.code === 'deal-stage');
    assert.ok(stage, JSON.stringify(p.diagnostics));
    assert.deepEqual(stage.range, { start: { line: 4, character: 7 }, end: { line: 4, character: 13 } });
    assert.equal(stage.severity, lsp.DiagnosticSeverity.Error);

    const actions = await conn.sendRequest(lsp.CodeActionRequest.type, { textDocument: { uri }, range: stage.range, context: { diagnostics: [stage] } });
    assert.equal(actions[0].title, 'Change to "develop"');
    assert.equal(actions[0].edit.changes[uri][0].newText, 'develop');

    const list = await conn.sendRequest(lsp.CompletionRequest.type, { textDocument: { uri }, position: { line: 5, character: 7 } });
    assert.deepEqual(list.items.map((i) => i.label), ['ana']);

    const hover = await conn.sendRequest(lsp.HoverRequest.type, { textDocument: { uri }, position: { line: 4, character: 2 } });
    assert.equal(hover.contents.kind, 'markdown');

    await conn.sendRequest(lsp.ShutdownRequest.type);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await conn.sendNotification(lsp.ExitNotification.type);
    assert.equal(await exited, 0);
  } finally {
    conn.dispose();
    child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
