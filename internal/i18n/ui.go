package i18n

import "embed"

// uiFiles are the texts of the commands and the site, one file per language.
//
//go:embed ui/*.yaml
var uiFiles embed.FS

var ui = New(uiFiles, "ui")

// UI is the catalog of the interface texts of every command and the site.
func UI() *Catalog { return ui }
