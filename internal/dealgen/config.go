package dealgen

// Config returns a deals.config.yaml for the generated deals: the sales
// team every owner and reviewer belongs to, and a rate for every currency
// the deals use. The pipeline stages and required roles are the defaults.
func Config() []byte {
	w := &writer{seq: 2}
	w.b = append(w.b, "# Configuration for the synthetic deals of internal/dealgen.\n"...)
	w.b = append(w.b, "# Stages and required roles are the defaults of deals.\n"...)
	w.raw(0, "review_max_age_days", "30")
	w.raw(0, "player_max_age_days", "90")
	w.str(0, "qualified_level", "medium")
	w.key(0, "currency")
	w.str(2, "base", "USD")
	w.key(2, "rates")
	for _, r := range rates {
		if r.code != "USD" {
			w.raw(4, r.code, r.rate)
		}
	}
	w.key(0, "team")
	in := w.items(0)
	for _, m := range team {
		w.item()
		w.str(in, "id", m.id)
		w.str(in, "name", m.name)
		w.str(in, "manager", m.manager)
		w.str(in, "region", m.region)
		w.str(in, "email", email(m.id))
	}
	return w.b
}
