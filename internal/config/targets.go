package config

import (
	"maps"
	"slices"

	"github.com/dealsascode/deals/internal/source"
	"gopkg.in/yaml.v3"
)

// Target is what one team member is to win, per period: a rep's quota, or
// for a manager the target of everyone below them, which a director sets
// apart from the sum of her managers' targets as often as not.
type Target struct {
	Who     Ref
	Periods []PeriodAmount
}

// PeriodAmount is a target for one period: a month (2027-01) or a
// quarter (2027-Q1), in the base currency.
type PeriodAmount struct {
	Period string
	Amount float64
	Pos    source.Pos
}

// DecodeNode implements source.NodeDecoder: the member is the key, the
// periods its mapping. The schema has checked the shapes already.
func (t *Target) DecodeNode(key, n *yaml.Node) {
	if key != nil {
		t.Who = Ref{Name: key.Value, Pos: source.At(key)}
	}
	if n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := source.Deref(n.Content[i]), source.Deref(n.Content[i+1])
		var amount float64
		if err := v.Decode(&amount); err != nil {
			continue
		}
		t.Periods = append(t.Periods, PeriodAmount{Period: k.Value, Amount: amount, Pos: source.At(k)})
	}
}

// Target is member's target for a period (2027-01 or 2027-Q1); ok is
// false when the configuration sets none.
func (c *Config) Target(member, period string) (amount float64, ok bool) {
	for _, p := range c.Targets[member].Periods {
		if p.Period == period {
			return p.Amount, true
		}
	}
	return 0, false
}

// HasTargets reports whether the configuration sets any target.
func (c *Config) HasTargets() bool { return len(c.Targets) > 0 }

// checkTargets finds targets for someone who is not in the team (YAML
// itself refuses a member named twice).
func (c *Config) checkTargets(file string) []*source.Error {
	var problems []*source.Error
	for _, id := range slices.Sorted(maps.Keys(c.Targets)) {
		t := c.Targets[id]
		if _, ok := c.Member(id); !ok {
			problems = append(problems, source.Problem(file, t.Who.Pos, nil, "config.targetWho", "id", id, "suggest", DidYouMean(source.Closest(id, c.memberIDs()))))
		}
		for _, p := range t.Periods {
			if !IsPeriod(p.Period) {
				problems = append(problems, source.Problem(file, p.Pos, nil, "config.targetPeriod", "period", p.Period))
			}
		}
	}
	return problems
}

func (c *Config) memberIDs() []string {
	ids := make([]string, len(c.Team))
	for i, m := range c.Team {
		ids[i] = m.ID
	}
	return ids
}

// IsPeriod reports whether s names a month (2027-01) or a quarter
// (2027-Q1), the periods targets are set for.
func IsPeriod(s string) bool {
	if len(s) != 7 || s[4] != '-' {
		return false
	}
	for _, c := range s[:4] {
		if c < '0' || c > '9' {
			return false
		}
	}
	switch {
	case s[5] == 'Q':
		return s[6] >= '1' && s[6] <= '4'
	case s[5] == '0':
		return s[6] >= '1' && s[6] <= '9'
	case s[5] == '1':
		return s[6] >= '0' && s[6] <= '2'
	}
	return false
}
