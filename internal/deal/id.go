package deal

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dealsascode/deals/schema"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

var idPattern = regexp.MustCompile(schema.Deal().At("/properties/id")["pattern"].(string))

// ValidID reports whether s can be a deal id, as the schema says: up to 80
// lower-case letters, digits, dots, underscores and hyphens.
func ValidID(s string) bool { return len(s) <= 80 && idPattern.MatchString(s) }

// NewID makes a deal id from an account and a title: the account without
// its legal form, then the title, leaving out the account's words when
// the title starts with them already, in lower-case ASCII letters and
// digits joined by hyphens, cut at a word to leave room for a -2 suffix.
// ("ACME Manufacturing Inc.", "ERP rollout" → acme-manufacturing-erp-rollout.)
// Accents are dropped; words without Latin letters or digits (a Chinese
// account name) give nothing, and when nothing is left the id is "".
func NewID(account, title string) string {
	acc, t := idWords(account), idWords(title)
	for len(acc) > 1 && legalForms[acc[len(acc)-1]] {
		acc = acc[:len(acc)-1]
	}
	if len(t) >= len(acc) && slices.Equal(t[:len(acc)], acc) {
		acc = nil
	}
	var kept []string
	n := 0
	for _, w := range append(acc, t...) {
		if n > 0 && n+1+len(w) > maxNewID {
			break
		}
		kept = append(kept, w)
		n += len(w) + 1
	}
	id := strings.Join(kept, "-")
	if len(id) > maxNewID { // one long word
		id = strings.TrimRight(id[:maxNewID], "-")
	}
	return id
}

// maxNewID is the longest id NewID makes (ids may have 80 characters).
const maxNewID = 60

// idWords are the words of s an id is made of: runs of ASCII letters and
// digits, once accents, dots and apostrophes are gone, in lower case.
func idWords(s string) []string {
	s = strings.NewReplacer(".", "", "'", "", "’", "").Replace(s) // S.A., Co., O'Brien
	return strings.FieldsFunc(strings.ToLower(Fold(s)), func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') })
}

// Fold removes accents, so that ids and file names made from names keep
// their letters:
// "Laticínios" gives laticinios, "Müller" muller.
func Fold(s string) string {
	if isASCII(s) { // nothing to fold, and folding takes a while
		return s
	}
	s = strings.NewReplacer("ß", "ss", "Æ", "AE", "æ", "ae", "Ø", "O", "ø", "o", "Ł", "L", "ł", "l", "Đ", "D", "đ", "d", "Œ", "OE", "œ", "oe").Replace(s)
	out, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), s)
	if err != nil {
		return s
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// legalForms are the words at the end of company names that ids leave out.
var legalForms = map[string]bool{
	"inc": true, "incorporated": true, "llc": true, "ltd": true, "limited": true, "plc": true, "corp": true,
	"corporation": true, "co": true, "company": true, "gmbh": true, "ag": true, "kg": true, "se": true,
	"sa": true, "sas": true, "sarl": true, "srl": true, "spa": true, "bv": true, "nv": true, "oy": true,
	"oyj": true, "ab": true, "as": true, "asa": true, "kk": true, "pty": true, "pte": true, "ltda": true,
	"group": true,
}
