package main

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// eventType is what an informer handler reports for one object.
type eventType string

const (
	eventAdded   eventType = "ADDED"
	eventUpdated eventType = "UPDATED"
	eventDeleted eventType = "DELETED"
)

// expectedEvent names one event the informer must deliver: kind/name plus the event type.
type expectedEvent struct {
	kind string
	name string
	typ  eventType
}

func (e expectedEvent) String() string { return fmt.Sprintf("%s %s/%s", e.typ, e.kind, e.name) }

// expectations records which expected events were seen.
// Update events only count when the object carries the marker of our update, so the
// controller's own status writes (e.g. a Deployment's observedGeneration) cannot satisfy them.
type expectations struct {
	mu      sync.Mutex
	pending map[expectedEvent]bool
	order   map[string][]eventType // per kind/name, the event types seen, in delivery order
}

func newExpectations() *expectations {
	return &expectations{
		pending: map[expectedEvent]bool{},
		order:   map[string][]eventType{},
	}
}

// expect registers an event that must be seen. Call before the action that causes it.
func (e *expectations) expect(kind, name string, typ eventType) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.pending[expectedEvent{kind: kind, name: name, typ: typ}] = true
}

// observe records a delivered event; countsAsExpected is false for updates without our marker.
func (e *expectations) observe(kind, name string, typ eventType, countsAsExpected bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	key := kind + "/" + name
	e.order[key] = append(e.order[key], typ)
	event := expectedEvent{kind: kind, name: name, typ: typ}
	if countsAsExpected && e.pending[event] {
		delete(e.pending, event)
		fmt.Printf("saw %s\n", event)
	}
}

// allSeen reports whether every expected event registered so far was delivered.
func (e *expectations) allSeen() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.pending) == 0
}

// missing lists the expected events not seen yet, sorted for stable output.
func (e *expectations) missing() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []string
	for event := range e.pending {
		out = append(out, event.String())
	}
	sort.Strings(out)
	return out
}

// orderErrors reports objects whose events did not arrive as ADDED, then UPDATED..., then DELETED.
func (e *expectations) orderErrors() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []string
	for key, types := range e.order {
		if len(types) < 3 || types[0] != eventAdded || types[len(types)-1] != eventDeleted {
			out = append(out, fmt.Sprintf("%s: events in wrong order: %s", key, joinTypes(types)))
			continue
		}
		for _, typ := range types[1 : len(types)-1] {
			if typ != eventUpdated {
				out = append(out, fmt.Sprintf("%s: events in wrong order: %s", key, joinTypes(types)))
				break
			}
		}
	}
	sort.Strings(out)
	return out
}

func joinTypes(types []eventType) string {
	parts := make([]string, len(types))
	for i, typ := range types {
		parts[i] = string(typ)
	}
	return strings.Join(parts, ",")
}
