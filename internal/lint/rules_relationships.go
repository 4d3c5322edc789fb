package lint

import "github.com/dealsascode/deals/internal/deal"

// TAS step 4: the relationship strategy.

var RelationshipsSegment = register(&Rule{ID: "relationships-segment", Step: StepRelationships, Severity: Warning, Run: relationshipsSegment})

func relationshipsSegment(p *Pass) {
	d := p.Deal
	seg := d.Relationships.Segment
	lacks := missing(
		named{"field.region", seg.Region.Set() || d.Account.Region.Set()},
		named{"field.industry", seg.Industry.Set() || d.Account.Industry.Set()},
		named{"field.productLine", seg.ProductLine.Set() || d.Product.Line.Set()})
	if len(lacks) > 0 {
		p.Report(p.Where(seg.At, d.Relationships.At, d.Account.At), "lacks", "missing", p.Texts(lacks))
	}
}

var RelationshipsCoverage = register(&Rule{ID: "relationships-coverage", Step: StepRelationships, Severity: Error, Run: relationshipsCoverage})

func relationshipsCoverage(p *Pass) {
	d := p.Deal
	if d.KeyPlayers.Len() == 0 && d.Relationships.Coverage.Len() == 0 {
		p.Report(p.Where(d.Relationships.At, d.KeyPlayers.At), "none")
		return
	}
	covered := map[string]bool{}
	for _, cv := range d.Relationships.Coverage.Items {
		covered[cv.KeyPlayer.Value] = true
		if lacks := missing(named{"covered_by", cv.CoveredBy.Set()}, named{"current", cv.Current.Set()}, named{"target", cv.Target.Set()}); len(lacks) > 0 {
			p.Report(cv.At, "lacks", "player", cv.KeyPlayer.Value, "missing", lacks)
		}
	}
	for _, k := range d.KeyPlayers.Items {
		if !covered[k.ID.Value] {
			p.Report(k.At, "uncovered", "name", k.Name.Value)
		}
	}
}

var RelationshipsOpponents = register(&Rule{ID: "relationships-opponents", Step: StepRelationships, Severity: Warning, Run: relationshipsOpponents})

func relationshipsOpponents(p *Pass) {
	d := p.Deal
	targeted := map[string]bool{}
	for _, a := range d.Plan.Actions.Items {
		if a.Open() {
			for _, r := range a.KeyPlayers.Items {
				targeted[r.Value] = true
			}
		}
	}
	anyHostile := false
	for _, k := range d.KeyPlayers.Items {
		if !k.Attitude.Value.Hostile() || !k.Influence.Value.AtLeastMedium() {
			continue
		}
		anyHostile = true
		if targeted[k.ID.Value] {
			continue
		}
		influence := p.Word("level", string(k.Influence.Value))
		if k.Attitude.Value == deal.Opponent {
			p.Report(k.Attitude.Pos, "opponent", "name", k.Name.Value, "influence", influence)
		} else {
			p.Report(k.Attitude.Pos, "skeptic", "name", k.Name.Value, "influence", influence)
		}
	}
	if !anyHostile {
		p.Skip()
	}
}
