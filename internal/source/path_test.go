package source_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/dealsascode/deals/internal/source"
	"github.com/dealsascode/deals/schema"
	"gopkg.in/yaml.v3"
)

func TestPathAt(t *testing.T) {
	const deal = `# a comment on line 1
id: acme
amount:
  value: 100
  currency: EUR
account: {name: ACME, size: large}
tags: [a, b]
key_players:
  - id: cfo
    attitude: supporter
  - id: cio
    attitude: skeptic
    notes:
      - first
      -   second
list:
- x
- [y, z]
anchored: &a {k: v}
aliased: *a
`
	tests := []struct {
		line, col int
		want      string
	}{
		{2, 1, "id"},
		{2, 5, "id"},
		{3, 1, "amount"},
		{4, 3, "amount.value"}, // the mapping under amount starts here too: the key is meant
		{4, 10, "amount.value"},
		{5, 13, "amount.currency"},
		{6, 10, "account"}, // the brace of a flow mapping
		{6, 11, "account.name"},
		{6, 17, "account.name"},
		{6, 23, "account.size"},
		{6, 29, "account.size"},
		{7, 7, "tags"},
		{7, 8, "tags[0]"},
		{7, 11, "tags[1]"},
		{8, 1, "key_players"},
		{9, 3, "key_players"},    // the dash of a block list
		{9, 5, "key_players[0]"}, // an item that is a mapping, not its first key
		{9, 9, "key_players[0].id"},
		{10, 5, "key_players[0].attitude"},
		{10, 15, "key_players[0].attitude"},
		{11, 5, "key_players[1]"},
		{12, 15, "key_players[1].attitude"},
		{13, 5, "key_players[1].notes"},
		{14, 9, "key_players[1].notes[0]"},
		{15, 11, "key_players[1].notes[1]"},
		{17, 3, "list[0]"},
		{18, 3, "list[1]"},
		{18, 4, "list[1][0]"},
		{18, 7, "list[1][1]"},
		{19, 11, "anchored"}, // a node with an anchor starts at the anchor
		{19, 15, "anchored.k"},
		{20, 10, "aliased"}, // the alias itself; what it names is found at its anchor
		// Positions where no node starts.
		{1, 1, ""},
		{2, 3, ""},
		{4, 11, ""},
		{9, 4, ""},
		{14, 10, ""},
		{99, 1, ""},
		{0, 0, ""},
	}
	root, err := source.ParseDocument("d.yaml", []byte(deal))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d:%d", tt.line, tt.col), func(t *testing.T) {
			p := source.Pos{Line: tt.line, Col: tt.col}
			if got := source.PathAt(root, p); got != tt.want {
				t.Errorf("PathAt(document, %d:%d) = %q, want %q", tt.line, tt.col, got, tt.want)
			}
			if got := source.PathAt(root.Content[0], p); got != tt.want {
				t.Errorf("PathAt(mapping, %d:%d) = %q, want %q", tt.line, tt.col, got, tt.want)
			}
		})
	}
	if got := source.PathAt(nil, source.Pos{Line: 1, Col: 1}); got != "" {
		t.Errorf("PathAt(nil) = %q", got)
	}
}

// TestPathAtEveryNode holds the binary search to a plain walk of every node
// of the example deals: each position a node starts at has the path the
// walk gives it, by the same preferences (a list item over its first key,
// a key over the block mapping it opens).
func TestPathAtEveryNode(t *testing.T) {
	files, err := filepath.Glob("../../examples/deals/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no example deals: %v", err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		root, err := source.Parse(file, data)
		if err != nil {
			t.Fatal(err)
		}
		want := map[source.Pos]string{}
		walkPaths(root, "", want)
		if len(want) < 30 {
			t.Fatalf("%s: only %d positions", file, len(want))
		}
		for p, path := range want {
			if got := source.PathAt(root, p); got != path {
				t.Errorf("%s:%d:%d: PathAt = %q, the walk says %q", file, p.Line, p.Col, got, path)
			}
		}
	}
}

// walkPaths records the path of every node by position; the first node
// recorded at a position keeps it.
func walkPaths(n *yaml.Node, path string, out map[source.Pos]string) {
	claim := func(n *yaml.Node, path string) {
		p := source.Pos{Line: n.Line, Col: n.Column}
		if _, ok := out[p]; !ok {
			out[p] = path
		}
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			name := n.Content[i].Value
			if path != "" {
				name = path + "." + name
			}
			claim(n.Content[i], name)
			walkPaths(n.Content[i+1], name, out)
		}
		if path != "" {
			claim(n, path)
		}
	case yaml.SequenceNode:
		for i, item := range n.Content {
			name := fmt.Sprintf("%s[%d]", path, i)
			claim(item, name)
			walkPaths(item, name, out)
		}
		claim(n, path)
	case yaml.ScalarNode, yaml.AliasNode:
		claim(n, path)
	}
}

// TestPathAtAgreesWithSchemaProblems: a schema problem at a value names the
// same field as the path of its position.
func TestPathAtAgreesWithSchemaProblems(t *testing.T) {
	src := []byte(`id: acme
title: Schema problems
account: {name: ACME, size: huge}
product: {name: P, complexity: simple}
owner: li-na
stage: prospect
key_players:
  - id: cfo
    name: A
    role: economic_buyer
    attitude: supportive
amount: {value: -5, currency: EUR}
`)
	root, err := source.Parse("d.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	v, problems := source.Value("d.yaml", root)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	problems = source.Check("d.yaml", root, v, schema.Deal())
	if len(problems) < 3 {
		t.Fatalf("%d problems, want one per wrong value: %v", len(problems), problems)
	}
	for _, e := range problems {
		if got := source.PathAt(root, e.Pos); got != e.Field {
			t.Errorf("%v: field %q, PathAt %q", e, e.Field, got)
		}
	}
}
