package journal

// links are an entry's neighbours in one chain: older and newer.
type links struct{ older, newer *entry }

// chain is a doubly linked list of entries, oldest first, threaded through the links that at
// picks in each entry (an entry is in two chains: the journal's order and its share's), so
// that adding a record allocates nothing but its entry.
type chain struct {
	oldest, newest *entry
	n              int
	at             func(*entry) *links
}

// inOrder and inShare pick an entry's links in the journal's chain and in its share's.
func inOrder(e *entry) *links { return &e.order }
func inShare(e *entry) *links { return &e.mine }

// push adds e as the newest.
func (c *chain) push(e *entry) {
	l := c.at(e)
	l.older, l.newer = c.newest, nil
	if c.newest != nil {
		c.at(c.newest).newer = e
	} else {
		c.oldest = e
	}
	c.newest = e
	c.n++
}

// remove takes e, which is in c, out of c.
func (c *chain) remove(e *entry) {
	l := c.at(e)
	if l.older != nil {
		c.at(l.older).newer = l.newer
	} else {
		c.oldest = l.newer
	}
	if l.newer != nil {
		c.at(l.newer).older = l.older
	} else {
		c.newest = l.older
	}
	*l = links{}
	c.n--
}
