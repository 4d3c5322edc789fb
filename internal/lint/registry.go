package lint

// registry is every rule, in one place. A rule adds itself where it is
// defined, in the file of its TAS step (rules_STEP.go):
//
//	var MyRule = register(&Rule{ID: "my-rule", Step: StepPlan, Severity: Warning, Run: myRule})
//
// and its words are in texts/LANG.yaml under rules.my-rule. The tests
// check the rest: every message it reports exists in every language, its
// example satisfies it, and a test case makes it fire.
var registry []*Rule

// register adds a rule to the registry and returns it.
func register(r *Rule) *Rule {
	registry = append(registry, r)
	return r
}
