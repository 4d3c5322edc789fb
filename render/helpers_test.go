package render

import "sort"

// messageKeys lists every registered key, for tests.
func messageKeys() []string {
	keys := make([]string, 0, len(catalog))
	for k := range catalog {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
