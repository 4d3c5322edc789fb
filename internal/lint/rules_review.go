package lint

// TAS step 6: test and refine the plan.

var ReviewDone = register(&Rule{ID: "review-done", Step: StepReview, Severity: Error, Run: reviewDone})

func reviewDone(p *Pass) {
	if p.Deal.Reviews.Len() == 0 {
		p.Report(p.Where(p.Deal.Reviews.At), "never")
	}
}

var ReviewStale = register(&Rule{ID: "review-stale", Step: StepReview, Severity: Warning, Run: reviewStale})

func reviewStale(p *Pass) {
	latest := latestReview(p)
	if latest < 0 || !p.Open() {
		p.Skip() // freshness means nothing once a deal is closed
		return
	}
	r := p.Deal.Reviews.Items[latest]
	if days, ok := p.DaysSince(r.Date.Value); ok && days > p.Config.ReviewMaxAgeDays {
		p.Report(r.Date.Pos, "old", "days", days, "limit", p.Config.ReviewMaxAgeDays)
	}
}

var ReviewContent = register(&Rule{ID: "review-content", Step: StepReview, Severity: Warning, Run: reviewContent})

func reviewContent(p *Pass) {
	latest := latestReview(p)
	if latest < 0 {
		p.Skip()
		return
	}
	r := p.Deal.Reviews.Items[latest]
	if r.Strengths.Len()+r.Weaknesses.Len()+r.Gaps.Len() == 0 {
		p.Report(r.At, "noFindings", "date", r.Date.Value)
	}
	if r.Changes.Len() == 0 {
		p.Report(r.At, "noChanges", "date", r.Date.Value)
	}
}

// latestReview is the index of the most recent review, or -1.
func latestReview(p *Pass) int {
	best := -1
	for i, r := range p.Deal.Reviews.Items {
		if best < 0 || r.Date.Value > p.Deal.Reviews.Items[best].Date.Value {
			best = i
		}
	}
	return best
}

var ReviewFuture = register(&Rule{ID: "review-future", Step: StepReview, Severity: Error, Always: true, Run: reviewFuture})

// reviewFuture: a review dated after today has not happened, yet it counts
// as done (review-done) and as recent (review-stale) until its date.
func reviewFuture(p *Pass) {
	for _, r := range p.Deal.Reviews.Items {
		if r.Date.Set() && r.Date.Value > p.Today {
			p.Report(r.Date.Pos, "future", "date", r.Date.Value, "today", p.Today)
		}
	}
}
