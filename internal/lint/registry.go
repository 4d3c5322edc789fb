package lint

// registry is every rule, in one place; each is defined in the file of its
// TAS step (rules_STEP.go) and its words are in texts/LANG.yaml. To add a
// rule: define it there, list it here, and write its texts in every
// language; the tests check the rest.
var registry = []*Rule{
	// The file and its header.
	Parse, Schema, DealStage, DealOwner, DealCurrency, DealForecast, DealCloseDate, DealIDUnique, LintIgnore,
	// 1. Assess the opportunity.
	AssessMotivation, AssessAbility, AssessQualified, AssessPains, AssessRisks, AssessRiskDetail,
	// 2. Competitive strategy.
	CompeteCompetitors, CompeteAnalysis, CompeteNoDecision, CompeteStrategy,
	// 3. Key players.
	PlayersRoles, PlayersCoach, PlayersProfile, PlayersStale, PlayersUnique, PlayersRefs, PlayersCycle,
	// 4. Relationship strategy.
	RelationshipsSegment, RelationshipsCoverage, RelationshipsOpponents,
	// 5. Sales work plan.
	PlanElements, PlanActions, PlanOverdue,
	// 6. Test and refine the plan.
	ReviewDone, ReviewStale, ReviewContent,
	// 7. Complete the sale.
	CloseNextStep, CloseNextStepDate, ClosePlan, CloseHandoff, CloseLostReason, CloseOutcome,
}
