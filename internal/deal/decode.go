package deal

import (
	"strconv"
	"strings"

	"github.com/dealsascode/deals/internal/source"
	"gopkg.in/yaml.v3"
)

// decode builds the typed model straight from the node tree, so that every
// field keeps its position. It is lenient: the schema reports wrong shapes,
// and whatever has the right shape is still decoded.
func decode(file string, root *yaml.Node) *Deal {
	d := &Deal{File: file}
	source.Fields(root, func(key string, k, v *yaml.Node) {
		switch key {
		case "id":
			d.ID = text(v)
		case "title":
			d.Title = text(v)
		case "account":
			a := &d.Account
			a.At = source.At(k)
			textFields(v, field{"name", &a.Name}, field{"size", &a.Size}, field{"region", &a.Region}, field{"industry", &a.Industry})
		case "product":
			p := &d.Product
			p.At = source.At(k)
			textFields(v, field{"name", &p.Name}, field{"line", &p.Line}, field{"complexity", &p.Complexity})
		case "owner":
			d.Owner = text(v)
		case "stage":
			d.Stage = text(v)
		case "amount":
			d.Amount.At = source.At(k)
			source.Fields(v, func(key string, k, v *yaml.Node) {
				switch key {
				case "value":
					d.Amount.Value, _ = strconv.ParseFloat(strings.ReplaceAll(v.Value, "_", ""), 64)
					d.Amount.ValueAt = source.At(v)
				case "currency":
					d.Amount.Currency = text(v)
				}
			})
		case "close_date":
			d.CloseDate = text(v)
		case "tags":
			d.Tags = texts(k, v)
		case "assessment":
			decodeAssessment(&d.Assessment, k, v)
		case "competition":
			decodeCompetition(&d.Competition, k, v)
		case "key_players":
			d.KeyPlayers = list(k, v, decodeKeyPlayer)
		case "relationships":
			decodeRelationships(&d.Relationships, k, v)
		case "plan":
			decodePlan(&d.Plan, k, v)
		case "reviews":
			d.Reviews = list(k, v, decodeReview)
		case "close":
			decodeClose(&d.Close, k, v)
		case "notes":
			d.Notes = text(v)
		case "lint":
			source.Fields(v, func(key string, k, v *yaml.Node) {
				if key == "ignore" {
					d.Ignore = list(k, v, func(n *yaml.Node) (ig Ignore) {
						ig.At = source.At(n)
						textFields(n, field{"rule", &ig.Rule}, field{"reason", &ig.Reason})
						return ig
					})
				}
			})
		}
	})
	return d
}

func decodeAssessment(a *Assessment, k, v *yaml.Node) {
	a.At = source.At(k)
	source.Fields(v, func(key string, k, v *yaml.Node) {
		switch key {
		case "motivation":
			a.Motivation = judgement(k, v)
		case "ability":
			a.Ability = judgement(k, v)
		case "pains":
			a.Pains = list(k, v, func(n *yaml.Node) (p Pain) {
				p.At = source.At(n)
				source.Fields(n, func(key string, k, v *yaml.Node) {
					switch key {
					case "pain":
						p.Pain = text(v)
					case "solution":
						p.Solution = text(v)
					case "key_players":
						p.KeyPlayers = texts(k, v)
					}
				})
				return p
			})
		case "risks":
			a.Risks = list(k, v, func(n *yaml.Node) (r Risk) {
				r.At = source.At(n)
				textFields(n, field{"risk", &r.Risk}, field{"severity", &r.Severity}, field{"probability", &r.Probability},
					field{"worst_case", &r.WorstCase}, field{"mitigation", &r.Mitigation})
				return r
			})
		}
	})
}

func judgement(k, v *yaml.Node) (j Judgement) {
	j.At = source.At(k)
	textFields(v, field{"level", &j.Level}, field{"evidence", &j.Evidence})
	return j
}

func decodeCompetition(c *Competition, k, v *yaml.Node) {
	c.At = source.At(k)
	source.Fields(v, func(key string, k, v *yaml.Node) {
		switch key {
		case "competitors":
			c.Competitors = list(k, v, func(n *yaml.Node) (cp Competitor) {
				cp.At = source.At(n)
				source.Fields(n, func(key string, k, v *yaml.Node) {
					switch key {
					case "name":
						cp.Name = text(v)
					case "type":
						cp.Type = text(v)
					case "strengths":
						cp.Strengths = texts(k, v)
					case "weaknesses":
						cp.Weaknesses = texts(k, v)
					}
				})
				return cp
			})
		case "strategies":
			c.Strategies = texts(k, v)
		case "rationale":
			c.Rationale = text(v)
		}
	})
}

func decodeKeyPlayer(n *yaml.Node) (p KeyPlayer) {
	p.At = source.At(n)
	source.Fields(n, func(key string, k, v *yaml.Node) {
		switch key {
		case "id":
			p.ID = text(v)
		case "name":
			p.Name = text(v)
		case "title":
			p.Title = text(v)
		case "roles":
			p.Roles = texts(k, v)
		case "attitude":
			p.Attitude = text(v)
		case "influence":
			p.Influence = text(v)
		case "reports_to":
			p.ReportsTo = text(v)
		case "cares_about":
			p.CaresAbout = texts(k, v)
		case "last_verified":
			p.LastVerified = text(v)
		case "notes":
			p.Notes = text(v)
		}
	})
	return p
}

func decodeRelationships(r *Relationships, k, v *yaml.Node) {
	r.At = source.At(k)
	source.Fields(v, func(key string, k, v *yaml.Node) {
		switch key {
		case "segment":
			sg := &r.Segment
			sg.At = source.At(k)
			textFields(v, field{"size", &sg.Size}, field{"region", &sg.Region}, field{"product_line", &sg.ProductLine}, field{"industry", &sg.Industry})
		case "coverage":
			r.Coverage = list(k, v, func(n *yaml.Node) (c Coverage) {
				c.At = source.At(n)
				textFields(n, field{"key_player", &c.KeyPlayer}, field{"covered_by", &c.CoveredBy}, field{"current", &c.Current},
					field{"target", &c.Target}, field{"approach", &c.Approach})
				return c
			})
		}
	})
}

func decodePlan(p *Plan, k, v *yaml.Node) {
	p.At = source.At(k)
	source.Fields(v, func(key string, k, v *yaml.Node) {
		switch key {
		case "goal":
			p.Goal = text(v)
		case "strategy":
			p.Strategy = text(v)
		case "actions":
			p.Actions = list(k, v, func(n *yaml.Node) (a Action) {
				a.At = source.At(n)
				source.Fields(n, func(key string, k, v *yaml.Node) {
					switch key {
					case "what":
						a.What = text(v)
					case "owner":
						a.Owner = text(v)
					case "due":
						a.Due = text(v)
					case "status":
						a.Status = text(v)
					case "key_players":
						a.KeyPlayers = texts(k, v)
					}
				})
				return a
			})
		case "resources":
			p.Resources = texts(k, v)
		case "verification":
			p.Verification = text(v)
		}
	})
}

func decodeReview(n *yaml.Node) (r Review) {
	r.At = source.At(n)
	source.Fields(n, func(key string, k, v *yaml.Node) {
		switch key {
		case "date":
			r.Date = text(v)
		case "reviewer":
			r.Reviewer = text(v)
		case "strengths":
			r.Strengths = texts(k, v)
		case "weaknesses":
			r.Weaknesses = texts(k, v)
		case "gaps":
			r.Gaps = texts(k, v)
		case "changes":
			r.Changes = texts(k, v)
		}
	})
	return r
}

func decodeClose(c *Close, k, v *yaml.Node) {
	c.At = source.At(k)
	source.Fields(v, func(key string, k, v *yaml.Node) {
		switch key {
		case "next_step":
			c.NextStep.At = source.At(k)
			source.Fields(v, func(key string, k, v *yaml.Node) {
				switch key {
				case "action":
					c.NextStep.Action = text(v)
				case "date":
					c.NextStep.Date = text(v)
				case "agreed_with":
					c.NextStep.AgreedWith = texts(k, v)
				}
			})
		case "mutual_benefit":
			c.MutualBenefit = text(v)
		case "plan":
			c.Plan = list(k, v, func(n *yaml.Node) (m Milestone) {
				m.At = source.At(n)
				source.Fields(n, func(key string, _, v *yaml.Node) {
					switch key {
					case "milestone":
						m.Milestone = text(v)
					case "date":
						m.Date = text(v)
					case "owner":
						m.Owner = text(v)
					case "done":
						m.Done = v.Tag == "!!bool" && strings.EqualFold(v.Value, "true")
					}
				})
				return m
			})
		case "outcome":
			c.Outcome.At = source.At(k)
			source.Fields(v, func(key string, k, v *yaml.Node) {
				switch key {
				case "date":
					c.Outcome.Date = text(v)
				case "handoff":
					h := &c.Outcome.Handoff
					h.At = source.At(k)
					textFields(v, field{"to", &h.To}, field{"date", &h.Date}, field{"notes", &h.Notes})
				case "reason":
					c.Outcome.Reason = text(v)
				case "lost_to":
					c.Outcome.LostTo = text(v)
				}
			})
		}
	})
}

// field names a mapping key and where its text goes.
type field struct {
	key string
	dst *Text
}

// textFields decodes the text fields of mapping n that fields name.
func textFields(n *yaml.Node, fields ...field) {
	source.Fields(n, func(key string, _, v *yaml.Node) {
		for _, f := range fields {
			if f.key == key {
				*f.dst = text(v)
				return
			}
		}
	})
}

func text(v *yaml.Node) Text {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		return Text{Pos: source.At(v)}
	}
	return Text{Value: strings.TrimSpace(v.Value), Pos: source.At(v)}
}

func texts(k, v *yaml.Node) List[Text] {
	return list(k, v, text)
}

func list[T any](k, v *yaml.Node, item func(*yaml.Node) T) List[T] {
	l := List[T]{At: source.At(k)}
	if v.Kind != yaml.SequenceNode {
		return l
	}
	l.Items = make([]T, 0, len(v.Content))
	for _, n := range v.Content {
		l.Items = append(l.Items, item(source.Deref(n)))
	}
	return l
}
