package deal

import (
	"strings"
	"testing"
)

func TestNewID(t *testing.T) {
	tests := []struct {
		account, title, want string
	}{
		{"ACME Manufacturing", "ERP rollout for three plants", "acme-manufacturing-erp-rollout-for-three-plants"},
		{"ACME Manufacturing Inc.", "ERP rollout", "acme-manufacturing-erp-rollout"},
		{"Brenner Druckguss GmbH & Co. KG", "Vision QA", "brenner-druckguss-vision-qa"},
		{"Pohjoisvesi Oy", "Pohjoisvesi pump stations 2027", "pohjoisvesi-pump-stations-2027"},
		{"Globex", "Globex - Fleet renewal", "globex-fleet-renewal"},
		{"Serra Verde Laticínios Ltda.", "Energia", "serra-verde-laticinios-energia"},
		{"江苏华信钢铁集团有限公司", "Predictive maintenance", "predictive-maintenance"},
		{"Huaxin Steel", "热轧产线预测性维护", "huaxin-steel"},
		{"江苏华信钢铁集团有限公司", "热轧产线预测性维护", ""},
		{"Group", "Renewal", "group-renewal"},
		{"Serra Azul Cimentos S.A.", "Kiln reliability", "serra-azul-cimentos-kiln-reliability"},
		{"O'Brien & Sons Ltd", "Fleet", "obrien-sons-fleet"},
		{"Great Lakes Cold Chain, Inc.", "Reefer telematics for 1,150 trailers", "great-lakes-cold-chain-reefer-telematics-for-1-150-trailers"},
		{"", "Chen.Lihua", "chenlihua"},
		{"", "li.na", "lina"},
		{"", strings.Repeat("x", 100), strings.Repeat("x", 60)},
		{"A very long account name that goes on and on", "and a title that is just as long as the account name", "a-very-long-account-name-that-goes-on-and-on-and-a-title"},
	}
	for _, tt := range tests {
		t.Run(tt.account+"/"+tt.title, func(t *testing.T) {
			got := NewID(tt.account, tt.title)
			if got != tt.want {
				t.Errorf("NewID = %q, want %q", got, tt.want)
			}
			if got != "" && !ValidID(got) || len(got) > 60 {
				t.Errorf("%q is not a valid id with room for a suffix", got)
			}
		})
	}
}

// TestFold: accents go and letters stay, in any script; ASCII is as it is.
func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Laticínios", "Laticinios"},
		{"Müller Straße", "Muller Strasse"},
		{"Łódź", "Lodz"},
		{"Œuvre Ærø", "OEuvre AEro"},
		{"江苏华信钢铁", "江苏华信钢铁"},
		{"Plain ASCII, as-is.", "Plain ASCII, as-is."},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
