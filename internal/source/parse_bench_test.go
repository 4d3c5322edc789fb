package source_test

import (
	"bytes"
	"testing"

	"github.com/dealsascode/deals/internal/dealgen"
	"github.com/dealsascode/deals/internal/source"
	"github.com/dealsascode/deals/schema"
	"gopkg.in/yaml.v3"
)

func BenchmarkParts(b *testing.B) {
	data := dealgen.Deal(1, 42)
	b.Run("decoder", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			var n yaml.Node
			yaml.NewDecoder(bytes.NewReader(data)).Decode(&n)
		}
	})
	b.Run("unmarshal", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			var n yaml.Node
			yaml.Unmarshal(data, &n)
		}
	})
	root, _ := source.Parse("x", data)
	b.Run("value", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			source.Value("x", root)
		}
	})
	v, _ := source.Value("x", root)
	b.Run("validate", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			schema.Deal().Validate(v)
		}
	})
}
