package lint

func init() {
	register(
		&Rule{
			ID: "review-done", Step: StepReview, Severity: Error,
			Summary: "The plan has been reviewed.",
			Doc: `TAS step 6 tests and refines the plan: review its execution regularly, control progress and correct
in time. A deal this far along needs at least one recorded review: who reviewed it, the strengths
and weaknesses they saw, the information still missing, and what was changed.`,
			Hint:    "Review the deal with your manager and record it under reviews.",
			Example: "reviews:\n  - date: 2026-11-20\n    reviewer: zhao-min\n    strengths: [Strong coach in IT]\n    weaknesses: [No access to the CFO]\n    gaps: [Budget owner unclear]\n    changes: [Executive sponsor to call the CFO]\n",
			Check: func(c *Check) {
				if c.Deal.Reviews.Len() == 0 {
					c.Report(c.Where(c.Deal.Reviews.At), "the plan has never been reviewed: review it with your manager and record the review")
				}
			},
		},
		&Rule{
			ID: "review-stale", Step: StepReview, Severity: Warning,
			Summary: "The latest plan review is recent.",
			Doc: `A review only controls progress if it is regular. In late stages the latest review must be younger
than review_max_age_days (default 30): things change fast near the close.`,
			Hint:    "Review the plan again and add the review.",
			Example: "  - date: 2026-11-20\n    reviewer: zhao-min\n",
			Check: func(c *Check) {
				latest := latestReview(c)
				if latest < 0 || !c.Open() {
					c.Skip() // freshness means nothing once a deal is closed
					return
				}
				r := c.Deal.Reviews.Items[latest]
				if days, ok := c.DaysSince(r.Date.Value); ok && days > c.Config.ReviewMaxAgeDays {
					c.Report(r.Date.Pos, "the latest review is %d days old (limit %d): review the plan again", days, c.Config.ReviewMaxAgeDays)
				}
			},
		},
		&Rule{
			ID: "review-content", Step: StepReview, Severity: Warning,
			Summary: "The latest review records what it found and what it changed.",
			Doc: `A review that finds nothing and changes nothing was a status meeting. Record the strengths to
emphasise, the weaknesses to reduce, the information gaps to close, and the changes decided.`,
			Hint:    "Add strengths or weaknesses, gaps, and the changes decided to the review.",
			Example: "    weaknesses: [No access to the CFO]\n    changes: [Executive sponsor to call the CFO]\n",
			Check: func(c *Check) {
				latest := latestReview(c)
				if latest < 0 {
					c.Skip()
					return
				}
				r := c.Deal.Reviews.Items[latest]
				if r.Strengths.Len()+r.Weaknesses.Len()+r.Gaps.Len() == 0 {
					c.Report(r.At, "the review of %s records no strengths, weaknesses or gaps: what did it find?", r.Date.Value)
				}
				if r.Changes.Len() == 0 {
					c.Report(r.At, "the review of %s decided no changes: what will be done differently?", r.Date.Value)
				}
			},
		},
	)
}

// latestReview is the index of the most recent review, or -1.
func latestReview(c *Check) int {
	best := -1
	for i, r := range c.Deal.Reviews.Items {
		if best < 0 || r.Date.Value > c.Deal.Reviews.Items[best].Date.Value {
			best = i
		}
	}
	return best
}
