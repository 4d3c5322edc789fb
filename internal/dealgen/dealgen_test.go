package dealgen

import (
	"bytes"
	"fmt"
	"slices"
	"testing"
	"unicode"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
)

func TestDeals(t *testing.T) {
	cfg, err := config.Parse(config.FileName, Config())
	if err != nil {
		t.Fatalf("Config() does not parse: %v", err)
	}
	tests := []struct {
		name string
		seed int64
		n    int
	}{
		{"seed 1", 1, 300},
		{"seed 42", 42, 300},
		{"negative seed", -7, 100},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ids := map[string]int{}
			seen := map[string]map[string]bool{"stage": {}, "size": {}, "complexity": {}, "region": {}, "industry": {}}
			cjk := 0
			for i := 0; i < tc.n; i++ {
				data := Deal(tc.seed, i)
				name := fmt.Sprintf("%06d.yaml", i)
				if len(data) < MinSize || len(data) > MaxSize {
					t.Errorf("%s: %d bytes, want %d to %d", name, len(data), MinSize, MaxSize)
				}
				d, problems := deal.Parse(name, data)
				for _, p := range problems {
					t.Errorf("%s: %v\n%s", name, p, data)
				}
				if d == nil {
					continue
				}
				if prev, dup := ids[d.ID.Value]; dup {
					t.Errorf("%s: id %q is also the id of deal %d", name, d.ID.Value, prev)
				}
				ids[d.ID.Value] = i
				if _, ok := cfg.Member(d.Owner.Value); !ok && !slices.Contains(formerReps, d.Owner.Value) {
					t.Errorf("%s: owner %q is not in the configuration's team", name, d.Owner.Value)
				}
				if _, ok := cfg.Convert(1, d.Amount.Currency.Value); !ok {
					t.Errorf("%s: currency %q has no rate in the configuration", name, d.Amount.Currency.Value)
				}
				if cfg.StageIndex(d.Stage.Value) < 0 {
					t.Errorf("%s: stage %q is not in the configuration", name, d.Stage.Value)
				}
				seen["stage"][d.Stage.Value] = true
				seen["size"][string(d.Account.Size.Value)] = true
				seen["complexity"][string(d.Product.Complexity.Value)] = true
				seen["region"][d.Account.Region.Value] = true
				seen["industry"][d.Account.Industry.Value] = true
				if bytes.ContainsFunc(data, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
					cjk++
				}
			}
			if tc.n < 300 {
				return
			}
			for field, want := range map[string]int{"stage": 7, "size": 3, "complexity": 2, "region": 7, "industry": 10} {
				if len(seen[field]) < want {
					t.Errorf("%d deals cover only %d values of %s, want %d: %v", tc.n, len(seen[field]), field, want, seen[field])
				}
			}
			if cjk < tc.n/10 {
				t.Errorf("only %d of %d deals have Chinese text", cjk, tc.n)
			}
		})
	}
}

// TestMany generates many more deals than TestDeals parses, for the rare
// combinations: none may panic or leave the size bounds.
func TestMany(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	for i := 0; i < 20000; i++ {
		for _, seed := range []int64{1, 2} {
			if n := len(Deal(seed, i)); n < MinSize || n > MaxSize {
				t.Errorf("deal %d of seed %d: %d bytes, want %d to %d", i, seed, n, MinSize, MaxSize)
			}
		}
	}
}

// TestDefects checks that every kind of gap occurs, and that a realistic
// share of deals is left complete.
func TestDefects(t *testing.T) {
	const n = 5000
	count := map[string]int{}
	clean := 0
	for i := 0; i < n; i++ {
		_, defects := generate(3, i)
		if len(defects) == 0 {
			clean++
		}
		for _, d := range defects {
			count[d]++
		}
	}
	for _, d := range allDefects {
		t.Run(d.name, func(t *testing.T) {
			if count[d.name] == 0 {
				t.Errorf("no deal of %d has the defect %s", n, d.name)
			}
		})
	}
	if clean < n/4 || clean > n/2 {
		t.Errorf("%d of %d deals have no defect, want a quarter to a half", clean, n)
	}
}

func TestDeterminism(t *testing.T) {
	tests := []struct {
		name       string
		seedA      int64
		seedB      int64
		i          int
		wantSameAs bool
	}{
		{"same seed and index", 1, 1, 17, true},
		{"same seed, large index", 9, 9, 123456, true},
		{"different seed", 1, 2, 17, false},
		{"seeds of opposite sign", 5, -5, 3, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := Deal(tc.seedA, tc.i), Deal(tc.seedB, tc.i)
			if same := bytes.Equal(a, b); same != tc.wantSameAs {
				t.Errorf("Deal(%d, %d) and Deal(%d, %d) equal: %v, want %v", tc.seedA, tc.i, tc.seedB, tc.i, same, tc.wantSameAs)
			}
		})
	}
	t.Run("different index", func(t *testing.T) {
		if bytes.Equal(Deal(1, 1), Deal(1, 2)) {
			t.Error("deals 1 and 2 of seed 1 are equal")
		}
	})
	t.Run("config", func(t *testing.T) {
		if !bytes.Equal(Config(), Config()) {
			t.Error("Config() differs between calls")
		}
	})
}

func TestConfig(t *testing.T) {
	cfg, err := config.Parse(config.FileName, Config())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		ok   func() bool
	}{
		{"base currency is USD", func() bool { return cfg.Currency.Base == "USD" }},
		{"every region's currencies have a rate", func() bool {
			for _, r := range regions {
				for _, c := range r.currencies {
					if _, ok := cfg.Convert(1, c); !ok {
						return false
					}
				}
			}
			return true
		}},
		{"every rep has a manager in the team", func() bool {
			for _, m := range team {
				if m.rep {
					if _, ok := cfg.Member(m.manager); !ok {
						return false
					}
				}
			}
			return true
		}},
		{"every region has reps", func() bool {
			for _, r := range regions {
				n := 0
				for _, m := range cfg.Team {
					if m.Region == r.name && m.Manager != "" {
						n++
					}
				}
				if n < 2 {
					return false
				}
			}
			return true
		}},
		{"default stages", func() bool { return len(cfg.Stages) == 7 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !tc.ok() {
				t.Error("does not hold for\n" + string(Config()))
			}
		})
	}
}

func TestScalar(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Cash flow", "Cash flow"},
		{"现金流", "现金流"},
		{"Partner: Apex Consulting", "'Partner: Apex Consulting'"},
		{"18个月内回本", "'18个月内回本'"},
		{"yes", "'yes'"},
		{"the customer's view", "the customer's view"},
		{"'quoted' start", "'''quoted'' start'"},
		{"ends with colon:", "'ends with colon:'"},
		{"has # hash", "'has # hash'"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := scalar(tc.in); got != tc.want {
				t.Errorf("scalar(%q) = %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}
