// Package lsptest is a client of the Language Server Protocol for tests: it frames messages, matches replies to requests and keeps what the server publishes.
package lsptest

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Timeout is how long a test waits for the server before it says the
// server is dead or blocked.
const Timeout = 20 * time.Second

// Client talks to one server.
type Client struct {
	w       io.Writer
	writeMu sync.Mutex

	mu      sync.Mutex
	next    int
	waiting map[int]chan reply
	// diags are the latest diagnostics of each document, and their version.
	diags   map[string]Published
	logs    []string
	changed chan struct{}
	closed  chan struct{}
	err     error
}

// Published is what a textDocument/publishDiagnostics said.
type Published struct {
	URI         string       `json:"uri"`
	Version     *int         `json:"version"`
	Diagnostics []Diagnostic `json:"diagnostics"`
}

// Diagnostic is one diagnostic as the protocol writes it.
type Diagnostic struct {
	Range           Range  `json:"range"`
	Severity        int    `json:"severity"`
	Code            Code   `json:"code"`
	Source          string `json:"source"`
	Message         string `json:"message"`
	CodeDescription *struct {
		Href string `json:"href"`
	} `json:"codeDescription"`
}

// Code is a diagnostic's code, which the protocol lets be a number or a
// string, as a string.
type Code string

func (c *Code) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*c = Code(s)
		return nil
	}
	*c = Code(b)
	return nil
}

// Range and Position are the protocol's.
type Range struct {
	Start Position `json:"start"`
	End   Position `json:"end"`
}

type Position struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

func (d Diagnostic) String() string {
	return fmt.Sprintf("%d:%d-%d:%d %s %s", d.Range.Start.Line+1, d.Range.Start.Character+1, d.Range.End.Line+1, d.Range.End.Character+1, d.Code, d.Message)
}

type reply struct {
	result json.RawMessage
	err    *Error
}

// Error is an error the server answered with.
type Error struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return fmt.Sprintf("error %d: %s", e.Code, e.Message) }

// New starts a client reading the server's output r and writing to its
// input w.
func New(r io.Reader, w io.Writer) *Client {
	c := &Client{w: w, waiting: map[int]chan reply{}, diags: map[string]Published{}, changed: make(chan struct{}), closed: make(chan struct{})}
	go c.read(bufio.NewReader(r))
	return c
}

func (c *Client) read(r *bufio.Reader) {
	defer close(c.closed)
	tp := textproto.NewReader(r)
	for {
		header, err := tp.ReadMIMEHeader()
		if err != nil {
			c.fail(err)
			return
		}
		n, err := strconv.Atoi(header.Get("Content-Length"))
		if err != nil {
			c.fail(fmt.Errorf("bad Content-Length %q", header.Get("Content-Length")))
			return
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(r, body); err != nil {
			c.fail(err)
			return
		}
		var msg struct {
			ID     *json.RawMessage `json:"id"`
			Method string           `json:"method"`
			Params json.RawMessage  `json:"params"`
			Result json.RawMessage  `json:"result"`
			Error  *Error           `json:"error"`
		}
		if err := json.Unmarshal(body, &msg); err != nil {
			c.fail(fmt.Errorf("server wrote %q: %v", body, err))
			return
		}
		switch {
		case msg.Method != "" && msg.ID != nil:
			// A request of the server (client/registerCapability): yes,
			// from another goroutine, since the server may be writing to
			// us meanwhile and waits for this one to read.
			go c.send(map[string]any{"jsonrpc": "2.0", "id": msg.ID, "result": nil})
		case msg.Method == "textDocument/publishDiagnostics":
			var p Published
			if err := json.Unmarshal(msg.Params, &p); err != nil {
				c.fail(err)
				return
			}
			c.mu.Lock()
			c.diags[p.URI] = p
			close(c.changed)
			c.changed = make(chan struct{})
			c.mu.Unlock()
		case msg.Method == "window/logMessage" || msg.Method == "window/showMessage":
			var p struct {
				Message string `json:"message"`
			}
			_ = json.Unmarshal(msg.Params, &p)
			c.mu.Lock()
			c.logs = append(c.logs, p.Message)
			c.mu.Unlock()
		case msg.ID != nil:
			id, _ := strconv.Atoi(string(*msg.ID))
			c.mu.Lock()
			ch := c.waiting[id]
			delete(c.waiting, id)
			c.mu.Unlock()
			if ch != nil {
				ch <- reply{msg.Result, msg.Error}
			}
		}
	}
}

func (c *Client) fail(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err == nil {
		c.err = err
	}
}

func (c *Client) send(msg any) error {
	body, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	return c.Raw(body)
}

// Raw writes a message body as it is, framed: to send what a client
// should not.
func (c *Client) Raw(body []byte) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	_, err := fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n%s", len(body), body)
	return err
}

// Notify sends a notification.
func (c *Client) Notify(method string, params any) error {
	return c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// Call sends a request and waits for its reply; result, when not nil, is
// decoded from it. The error is the server's (an *Error), or that it did
// not answer in Timeout.
func (c *Client) Call(method string, params, result any) error {
	c.mu.Lock()
	c.next++
	id := c.next
	ch := make(chan reply, 1)
	c.waiting[id] = ch
	c.mu.Unlock()
	msg := map[string]any{"jsonrpc": "2.0", "id": id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if err := c.send(msg); err != nil {
		return err
	}
	select {
	case r := <-ch:
		if r.err != nil {
			return r.err
		}
		if result != nil && len(r.result) > 0 {
			return json.Unmarshal(r.result, result)
		}
		return nil
	case <-c.closed:
		return fmt.Errorf("%s: the server closed the connection: %v", method, c.Err())
	case <-time.After(Timeout):
		return fmt.Errorf("%s: no answer in %s", method, Timeout)
	}
}

// Diagnostics waits for the diagnostics of a document at version (or a
// later one), and returns them.
func (c *Client) Diagnostics(uri string, version int) ([]Diagnostic, error) {
	deadline := time.After(Timeout)
	for {
		c.mu.Lock()
		p, ok := c.diags[uri]
		changed := c.changed
		c.mu.Unlock()
		if ok && (p.Version == nil && version <= 0 || p.Version != nil && *p.Version >= version) {
			return p.Diagnostics, nil
		}
		select {
		case <-changed:
		case <-c.closed:
			return nil, fmt.Errorf("diagnostics of %s: the server closed the connection: %v", uri, c.Err())
		case <-deadline:
			return nil, fmt.Errorf("no diagnostics of %s at version %d in %s (last: %+v)", uri, version, Timeout, p)
		}
	}
}

// Published is the diagnostics last published for a document, if any.
func (c *Client) Published(uri string) (Published, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.diags[uri]
	return p, ok
}

// WaitPublished waits until the diagnostics of a document satisfy ok.
func (c *Client) WaitPublished(uri string, ok func(Published) bool) (Published, error) {
	deadline := time.After(Timeout)
	for {
		c.mu.Lock()
		p, has := c.diags[uri]
		changed := c.changed
		c.mu.Unlock()
		if has && ok(p) {
			return p, nil
		}
		select {
		case <-changed:
		case <-c.closed:
			return p, errors.New("the server closed the connection")
		case <-deadline:
			return p, fmt.Errorf("diagnostics of %s not as expected in %s: %+v", uri, Timeout, p)
		}
	}
}

// Logs are the messages the server logged to the editor.
func (c *Client) Logs() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.logs...)
}

// Closed is closed when the server's output ends.
func (c *Client) Closed() <-chan struct{} { return c.closed }

// Err is why reading the server's output stopped, io.EOF at its end.
func (c *Client) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// Initialize sends initialize (with the encodings offered, none for the
// protocol's UTF-16) and initialized for a workspace folder.
func (c *Client) Initialize(rootURI string, locale string, encodings ...string) (map[string]any, error) {
	params := map[string]any{
		"processId": nil, "rootUri": rootURI, "locale": locale,
		"workspaceFolders": []map[string]string{{"uri": rootURI, "name": "deals"}},
		"capabilities": map[string]any{
			"general":   map[string]any{"positionEncodings": encodings},
			"workspace": map[string]any{"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true}},
		},
	}
	if len(encodings) == 0 {
		delete(params["capabilities"].(map[string]any), "general")
	}
	var result map[string]any
	if err := c.Call("initialize", params, &result); err != nil {
		return nil, err
	}
	return result, c.Notify("initialized", map[string]any{})
}

// Open sends didOpen for a YAML document.
func (c *Client) Open(uri, text string, version int) error {
	return c.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "yaml", "version": version, "text": text}})
}

// Change sends didChange with the whole new text.
func (c *Client) Change(uri, text string, version int) error {
	return c.Notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": version},
		"contentChanges": []map[string]any{{"text": text}}})
}

// Edit sends didChange replacing a range.
func (c *Client) Edit(uri string, version int, r Range, text string) error {
	return c.Notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": version},
		"contentChanges": []map[string]any{{"range": r, "text": text}}})
}

// At is the params of a request at a position of a document.
func At(uri string, line, character int) map[string]any {
	return map[string]any{"textDocument": map[string]any{"uri": uri}, "position": Position{line, character}}
}

// PositionOf is the position of the first occurrence of what in text,
// plus offset characters (counted in UTF-16, as the protocol does by
// default); it panics when what is not there, which is a broken test.
func PositionOf(text, what string, offset int) Position {
	i := strings.Index(text, what)
	if i < 0 {
		panic(fmt.Sprintf("%q not in the text", what))
	}
	before := text[:i]
	line := strings.Count(before, "\n")
	start := strings.LastIndex(before, "\n") + 1
	n := 0
	for _, r := range text[start:i] {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return Position{line, n + offset}
}
