package lint

import (
	"embed"

	"github.com/dealsascode/deals/internal/i18n"
)

// textFiles are the rules' words, one file per language, beside the rules.
//
//go:embed texts/*.yaml
var textFiles embed.FS

var texts = i18n.New(textFiles, "texts")

// Catalog is the catalog of the rules' texts, for tests and for tools that
// list them.
func Catalog() *i18n.Catalog { return texts }
