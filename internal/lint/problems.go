package lint

import (
	"regexp"
	"strings"

	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/source"
)

// The schema knows the shape of a value, not what the repository has: it
// can say that "Qualification" is not a valid stage, but not which stage
// was meant. reword turns the schema problems of fields whose valid
// values are the configuration's (stages, team members) or the deal's own
// (key player ids) into messages that list those values and suggest the
// one meant, so that one fix is enough.

// playerRef are the fields whose values are ids of the deal's key players.
var playerRef = regexp.MustCompile(`^(key_players\[\d+\]\.reports_to|assessment\.pains\[\d+\]\.key_players\[\d+\]|relationships\.coverage\[\d+\]\.key_player|plan\.actions\[\d+\]\.key_players\[\d+\]|close\.next_step\.agreed_with\[\d+\])$`)

var validID = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// newIDField are the ids a person makes up: the value written suggests
// the id it would be.
var newIDField = regexp.MustCompile(`^(id|key_players\[\d+\]\.id)$`)

func (l *Linter) reword(d *deal.Deal, problems []*source.Error) []*source.Error {
	out := problems
	for i, p := range problems {
		if p.Field == "" || !strings.HasPrefix(p.Key, "source.pattern.") && !strings.HasPrefix(p.Key, "source.enum.") {
			continue
		}
		value, _ := arg(p.Args, "value").(string)
		if r := l.rewordOne(d, p, value); r != nil {
			if &out[0] == &problems[0] {
				out = append([]*source.Error(nil), problems...)
			}
			out[i] = r
		}
	}
	return out
}

func (l *Linter) rewordOne(d *deal.Deal, p *source.Error, value string) *source.Error {
	mk := func(key string, args ...any) *source.Error {
		e := source.Problem(p.File, p.Pos, p.Err, key, args...)
		e.Field = p.Field
		return e
	}
	switch {
	case p.Field == "stage":
		ids := l.cfg.StageIDs()
		if guess := l.suggestStage(value); guess != "" {
			return mk("problem.stage.guess", "value", value, "guess", guess, "stages", ids)
		}
		return mk("problem.stage.plain", "value", value, "stages", ids)
	case p.Field == "owner" && len(l.cfg.Team) > 0:
		ids := l.cfg.TeamIDs()
		guess, inTeam := l.cfg.MemberNamed(value)
		if !inTeam {
			guess = source.Closest(value, ids)
		}
		if len(ids) > 12 {
			ids = nil
		}
		if guess != "" {
			return mk("problem.owner.guess", "value", value, "guess", guess, "team", ids)
		}
		return mk("problem.owner.plain", "value", value, "team", ids)
	case playerRef.MatchString(p.Field):
		var ids []string
		guess := ""
		for _, k := range d.KeyPlayers.Items {
			if !validID.MatchString(k.ID.Value) {
				continue // an id the schema rejects too is no suggestion
			}
			ids = append(ids, k.ID.Value)
			if guess == "" && namedAs(k.Name.Value, value) {
				guess = k.ID.Value
			}
		}
		if guess == "" {
			guess = source.Closest(value, ids)
		}
		switch {
		case guess != "":
			return mk("problem.player.guess", "value", value, "guess", guess, "ids", ids)
		case len(ids) > 0:
			return mk("problem.player.plain", "value", value, "ids", ids)
		}
		return mk("problem.player.none", "value", value)
	case newIDField.MatchString(p.Field) && strings.HasPrefix(p.Key, "source.pattern."):
		if id := deal.NewID("", value); id != "" && id != value {
			return mk("problem.id", "value", value, "id", id)
		}
	}
	return nil
}

// suggestStage is the stage a name means (a CRM's name for it, its name
// in the configuration, a capitalised id) or the closest id; "" when none
// is close.
func (l *Linter) suggestStage(name string) string {
	if id, ok := l.cfg.StageNamed(name); ok {
		return id
	}
	return source.Closest(name, l.cfg.StageIDs())
}

// namedAs reports whether a person's name is what was written, as
// players-unique compares names.
func namedAs(name, written string) bool {
	return sameName(name) != "" && sameName(name) == sameName(written)
}

func arg(args []any, name string) any {
	for i := 0; i+1 < len(args); i += 2 {
		if k, ok := args[i].(string); ok && k == name {
			return args[i+1]
		}
	}
	return nil
}
