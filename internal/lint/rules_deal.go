package lint

import (
	"fmt"
	"sort"
	"strings"
)

func init() {
	register(
		&Rule{
			ID: RuleParse, Step: StepDeal, Severity: Error, Always: true,
			Summary: "The file is a readable YAML deal file.",
			Doc: `A deal file is one YAML document: a mapping of "key: value" lines, indented with spaces,
saved as UTF-8, at most 1 MiB. Syntax errors, tabs, duplicate keys, several documents in one file,
other encodings and alias tricks are reported here, at the line and column where they start. No
TAS rule runs on a file that cannot be read, so fix these first.`,
			Hint:    "Fix the YAML at the position shown; an editor with the deal schema set up shows it as you type.",
			Example: "id: acme-erp-2027\ntitle: ERP rollout for three plants\n",
		},
		&Rule{
			ID: RuleSchema, Step: StepDeal, Severity: Error, Always: true,
			Summary: "The deal follows the deal file schema: known fields, right types, real dates.",
			Doc: `Every field of a deal file is described by the deal schema (deals schema prints it). Unknown
fields are errors so that a typo never hides information; dates are YYYY-MM-DD and must exist;
amounts are plain numbers of zero or more; lists of choices (stage roles, attitudes, levels) only
take the values the schema names. No TAS rule runs on a deal until it matches the schema.`,
			Hint:    "Rename, retype or remove the field as the message says.",
			Example: "close_date: 2027-03-31\namount:\n  value: 1200000\n  currency: CNY\n",
		},
		&Rule{
			ID: "deal-stage", Step: StepDeal, Severity: Error, Always: true,
			Summary: "The stage is one of the pipeline's stages.",
			Doc: `Which TAS steps a deal must have completed depends on its stage, and the forecast weights the
amount by the stage's win probability. The stages are set in deals.config.yaml (defaults: prospect,
qualify, develop, propose, negotiate, won, lost); a stage that is not listed there cannot be
checked or forecast.`,
			Hint:    "Use one of the stages listed in the message, or add the stage to deals.config.yaml.",
			Example: "stage: develop\n",
			Check: func(c *Check) {
				if c.Stage.ID != "" {
					return
				}
				ids := make([]string, len(c.Config.Stages))
				for i, s := range c.Config.Stages {
					ids[i] = s.ID
				}
				c.Report(c.Deal.Stage.Pos, "stage %q is not a stage of this pipeline: use one of %s", c.Deal.Stage.Value, strings.Join(ids, ", "))
			},
		},
		&Rule{
			ID: "deal-owner", Step: StepDeal, Severity: Warning, Always: true,
			Summary: "The owner is a member of the team in deals.config.yaml.",
			Doc: `Coaching gaps are rolled up per rep and per manager, so every deal's owner must be someone the
team list knows. This rule is silent while deals.config.yaml lists no team.`,
			Hint:    "Use the rep's id from the team list, or add the rep to team in deals.config.yaml.",
			Example: "owner: li-na\n",
			Check: func(c *Check) {
				if len(c.Config.Team) == 0 {
					return
				}
				if _, ok := c.Config.Member(c.Deal.Owner.Value); !ok {
					c.Report(c.Deal.Owner.Pos, "owner %q is not in the team list of deals.config.yaml%s", c.Deal.Owner.Value, suggestMember(c))
				}
			},
		},
		&Rule{
			ID: "deal-currency", Step: StepDeal, Severity: Error, Always: true,
			Summary: "The amount's currency has a conversion rate.",
			Doc: `The forecast adds up deals in the base currency, so every currency a deal uses needs a rate in
deals.config.yaml (currency.rates). A deal without a currency is in the base currency.`,
			Hint:    "Add the currency's rate under currency.rates in deals.config.yaml, or correct the code.",
			Example: "currency:\n  base: USD\n  rates:\n    CNY: 0.14\n",
			Check: func(c *Check) {
				cur := c.Deal.Amount.Currency
				if !cur.Set() {
					return
				}
				if _, ok := c.Config.Convert(1, cur.Value); !ok {
					c.Report(cur.Pos, "no conversion rate for %s: add it under currency.rates in deals.config.yaml (base currency %s)", cur.Value, c.Config.Currency.Base)
				}
			},
		},
		&Rule{
			ID: "deal-forecast", Step: StepDeal, Severity: Error,
			Summary: "A qualified deal has an amount and an expected close date.",
			Doc: `Once a deal is qualified it is in the forecast, and a forecast needs two numbers from every deal:
how much, and when. An honest estimate now beats a blank; update it as you learn.`,
			Hint:    "Add amount.value (and currency) and close_date.",
			Example: "amount:\n  value: 250000\n  currency: EUR\nclose_date: 2027-06-30\n",
			Check: func(c *Check) {
				d := c.Deal
				if !d.Amount.Present() {
					c.Report(c.Where(), "no amount: a deal at stage %s is in the forecast, so estimate the contract value (amount.value)", d.Stage.Value)
				}
				if !d.CloseDate.Set() {
					c.Report(c.Where(d.CloseDate.Pos), "no close_date: a deal at stage %s is in the forecast, so estimate when it will be signed", d.Stage.Value)
				}
			},
		},
		&Rule{
			ID: "deal-close-date", Step: StepDeal, Severity: Warning, Always: true,
			Summary: "An open deal's expected close date is not in the past.",
			Doc: `A close date in the past on a deal that is still open means the deal slipped and the forecast is
wrong. Find out from the customer what changed, agree a new date, and record the slip honestly:
slips are a signal the manager needs to see.`,
			Hint:    "Agree a new date with the customer and update close_date, or move the deal to won or lost.",
			Example: "close_date: 2027-05-15\n",
			Check: func(c *Check) {
				d := c.Deal
				if c.Open() && d.CloseDate.Set() && d.CloseDate.Value < c.Today {
					c.Report(d.CloseDate.Pos, "close date %s has passed but the deal is still at %s: agree a new date with the customer, or close the deal as won or lost", d.CloseDate.Value, d.Stage.Value)
				}
			},
		},
		&Rule{
			ID: "deal-id-unique", Step: StepDeal, Severity: Error, Always: true,
			Summary: "No two deals share an id.",
			Doc: `The id is how history, pull-request summaries and the site refer to a deal. Two files with the
same id would be merged into one deal's history and one page. Usually one file was copied as a
template and its id not changed.`,
			Hint:    "Give this deal its own id (and rename the file to match).",
			Example: "id: acme-erp-2027\n",
			Repo: func(c *RepoCheck) {
				first := map[string]string{}
				for _, d := range c.Deals {
					id := d.ID.Value
					if id == "" {
						continue
					}
					if other, dup := first[id]; dup {
						c.Report(d.File, d.ID.Pos, "deal id %q is already used by %s: ids must be unique, so give this deal its own", id, other)
						continue
					}
					first[id] = d.File
				}
			},
		},
		&Rule{
			ID: "lint-ignore", Step: StepDeal, Severity: Error, Always: true,
			Summary: "Every rule silenced in lint.ignore exists.",
			Doc: `A deal can silence a rule that does not apply to it, with a reason reviewers read. Naming a rule
that does not exist silences nothing, which is almost always a typo.`,
			Hint:    "Use a rule id as printed in brackets by deals lint; deals explain lists them.",
			Example: "lint:\n  ignore:\n    - rule: players-coach\n      reason: Owner-run shop; the owner is our only contact.\n",
			Check: func(c *Check) {
				for _, ig := range c.Deal.Ignore.Items {
					if _, ok := Lookup(ig.Rule.Value); !ok {
						c.Report(ig.Rule.Pos, "lint.ignore names rule %q, which does not exist%s", ig.Rule.Value, didYouMean(ig.Rule.Value))
					}
				}
			},
		},
	)
}

func suggestMember(c *Check) string {
	ids := make([]string, len(c.Config.Team))
	for i, m := range c.Config.Team {
		ids[i] = m.ID
	}
	sort.Strings(ids)
	if len(ids) <= 8 {
		return fmt.Sprintf(": the team is %s", strings.Join(ids, ", "))
	}
	return ""
}
