package lint

func init() {
	register(
		&Rule{
			ID: "close-next-step", Step: StepClose, Severity: Error,
			Summary: "A next step is agreed with the customer, with a date.",
			Doc: `Completing the sale is a series of agreed next steps, each moving both sides towards a mutually
beneficial decision: that is the purpose of every customer meeting. Record what was agreed, when it
happens, and with whom. A next step the customer did not agree to is only our wish.`,
			Hint:    "Fill in close.next_step with action, date and agreed_with.",
			Example: "close:\n  next_step:\n    action: Contract review with legal\n    date: 2026-12-03\n    agreed_with: [cfo]\n",
			Check: func(c *Check) {
				n := c.Deal.Close.NextStep
				if !c.Open() {
					c.Skip()
					return
				}
				if !n.Present() {
					c.Report(c.Where(c.Deal.Close.At), "no next step agreed with the customer: every meeting should end with one")
					return
				}
				if missing := missingNames(named{"date", n.Date.Set()}, named{"agreed_with", n.AgreedWith.Len() > 0}); missing != "" {
					c.Report(n.At, "the next step has no %s: a next step is agreed with someone, for a date", missing)
				}
			},
		},
		&Rule{
			ID: "close-next-step-date", Step: StepClose, Severity: Warning, Always: true,
			Summary: "An open deal's agreed next step is not in the past.",
			Doc:     `A next step whose date has passed either happened, and the deal file should say what was agreed next, or did not, and the deal is stalling.`,
			Hint:    "Record the new next step agreed with the customer.",
			Example: "    date: 2026-12-10\n",
			Check: func(c *Check) {
				n := c.Deal.Close.NextStep
				if c.Open() && n.Date.Set() && n.Date.Value < c.Today {
					c.Report(n.Date.Pos, "the agreed next step was due %s: record what happened and the next step agreed since", n.Date.Value)
				}
			},
		},
		&Rule{
			ID: "close-plan", Step: StepClose, Severity: Warning,
			Summary: "Near the close there is a mutual close plan and a statement of mutual benefit.",
			Doc: `The final kick is a plan both sides agreed to: the milestones up to signature (legal review,
security review, board approval), each with a date and an owner, and why the decision is good for
both sides. A close date without a close plan is a guess.`,
			Hint:    "Add close.plan milestones with dates, and close.mutual_benefit.",
			Example: "close:\n  mutual_benefit: They cut close time by two thirds; we win a reference plant.\n  plan:\n    - milestone: Security review passed\n      date: 2027-01-15\n      owner: it-director\n",
			Check: func(c *Check) {
				cl := c.Deal.Close
				if !c.Open() {
					c.Skip()
					return
				}
				if cl.Plan.Len() == 0 {
					c.Report(c.Where(cl.Plan.At, cl.At), "no mutual close plan: agree the milestones up to signature with the customer")
				}
				for _, m := range cl.Plan.Items {
					if !m.Date.Set() {
						c.Report(m.At, "close-plan milestone %q has no date", short(m.Milestone.Value))
					}
				}
				if !cl.MutualBenefit.Set() {
					c.Report(c.Where(cl.At), "no mutual_benefit: say why the decision is good for the customer and for us")
				}
			},
		},
		&Rule{
			ID: "close-handoff", Step: StepClose, Severity: Error,
			Summary: "A won deal is handed off to after-sales service.",
			Doc: `Winning is not the end: after-sales service still needs care, and the next deal with this account
starts with how this one is delivered. A won deal records who took over the account and when.`,
			Hint:    "Fill in close.outcome.handoff with to (and date, notes).",
			Example: "close:\n  outcome:\n    date: 2026-10-30\n    handoff:\n      to: Customer success (Liu Yang)\n      date: 2026-11-05\n",
			Check: func(c *Check) {
				if c.Stage.Outcome != "won" {
					c.Skip()
					return
				}
				o := c.Deal.Close.Outcome
				if !o.Handoff.Present() {
					c.Report(c.Where(o.At, c.Deal.Close.At), "won, but no after-sales handoff recorded: who takes care of the customer now?")
				}
			},
		},
		&Rule{
			ID: "close-lost-reason", Step: StepClose, Severity: Error,
			Summary: "A lost deal records why it was lost and to whom.",
			Doc: `A lost deal is the cheapest lesson the team will get, but only if it is written down honestly:
why we lost, and who won (a competitor, or no decision). The coaching page rolls these up.`,
			Hint:    "Fill in close.outcome.reason and close.outcome.lost_to.",
			Example: "close:\n  outcome:\n    date: 2026-09-12\n    reason: Could not show shop-floor integration in time\n    lost_to: Incumbent ERP vendor\n",
			Check: func(c *Check) {
				if c.Stage.Outcome != "lost" {
					c.Skip()
					return
				}
				o := c.Deal.Close.Outcome
				if missing := missingNames(named{"reason", o.Reason.Set()}, named{"lost_to", o.LostTo.Set()}); missing != "" {
					c.Report(c.Where(o.At, c.Deal.Close.At), "lost, but the outcome has no %s: write down honestly why and to whom, so the team learns", missing)
				}
			},
		},
		&Rule{
			ID: "close-outcome", Step: StepClose, Severity: Warning, Always: true,
			Summary: "The outcome agrees with the stage.",
			Doc: `close.outcome describes how a deal ended, so it belongs to won and lost deals only, and a won deal
has no loss reason (nor a lost deal a handoff). A mismatch usually means the stage was not updated.`,
			Hint:    "Update the stage, or remove the outcome details that do not apply.",
			Example: "stage: won\n",
			Check: func(c *Check) {
				o := c.Deal.Close.Outcome
				if !o.Present() || c.Stage.ID == "" {
					return
				}
				switch c.Stage.Outcome {
				case "":
					c.Report(o.At, "an outcome is recorded but the deal is still at %s: move it to a won or lost stage, or remove the outcome", c.Stage.ID)
				case "won":
					if o.Reason.Set() || o.LostTo.Set() {
						c.Report(o.At, "the deal is won but the outcome has a loss reason: remove reason and lost_to, or correct the stage")
					}
				case "lost":
					if o.Handoff.Present() {
						c.Report(o.At, "the deal is lost but the outcome has an after-sales handoff: remove it, or correct the stage")
					}
				}
			},
		},
	)
}
