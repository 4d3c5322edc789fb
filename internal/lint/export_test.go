package lint

// Hits is how many files this run took from the cache.
func (c *Cache) Hits() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for sum := range c.next {
		if _, ok := c.old[sum]; ok {
			n++
		}
	}
	return n
}
