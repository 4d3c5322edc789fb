package format

import "github.com/dealsascode/deals/internal/deal"

// Same checks that b holds what a holds: the same data read with yaml.v3
// (values and their types: a quoted date is not an unquoted one), the same
// deal read with deal.Parse, with the same problems, and the same comments.
// The error says what differs.
func Same(a, b []byte) error {
	d, problems := deal.Parse("f", a)
	c, err := newChecker(a, d, problems)
	if err != nil {
		return err
	}
	return c.same(b)
}

// schemaKeys lists the keys of the deal schema's top level in its order;
// nested objects' keys are reached with the path of their parents (list
// items need no step of their own: "key_players" gives a key player's keys).
func schemaKeys(path ...string) []string {
	o := schemaOrder()
	for _, p := range path {
		if o == nil {
			return nil
		}
		if o.items != nil && o.rank == nil {
			o = o.items
		}
		o = o.props[p]
	}
	if o != nil && o.items != nil && o.rank == nil {
		o = o.items
	}
	if o == nil {
		return nil
	}
	keys := make([]string, len(o.rank))
	for k, i := range o.rank {
		keys[i] = k
	}
	return keys
}
