package render

import (
	"fmt"
)

// Languages the interface is translated into; deal content is shown as written.
var Languages = []string{"en", "zh"}

// catalog maps a message key to its English and Chinese text. Each file
// that needs messages registers its own in an init function.
var catalog = map[string][2]string{}

func register(messages map[string][2]string) {
	for k, v := range messages {
		if _, dup := catalog[k]; dup {
			panic("render: message registered twice: " + k)
		}
		catalog[k] = v
	}
}

// translator turns message keys into text in one language.
type translator struct {
	zh bool
}

func newTranslator(lang string) (translator, error) {
	switch lang {
	case "", "en":
		return translator{}, nil
	case "zh":
		return translator{zh: true}, nil
	}
	return translator{}, fmt.Errorf("unknown language %q: use en or zh", lang)
}

// T returns the text of key, formatted with args like fmt.Sprintf. A
// missing key shows as itself, so a gap is visible rather than blank.
func (t translator) T(key string, args ...any) string {
	m, ok := catalog[key]
	if !ok {
		return key
	}
	s := m[0]
	if t.zh && m[1] != "" {
		s = m[1]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Lang is the BCP 47 tag for the html lang attribute.
func (t translator) Lang() string {
	if t.zh {
		return "zh-CN"
	}
	return "en"
}
