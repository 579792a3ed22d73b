package main

import (
	"reflect"
	"testing"
)

func TestExpectationsCountOnlyMarkedUpdates(t *testing.T) {
	seen := newExpectations()
	seen.expect("ConfigMap", "a", eventUpdated)
	seen.observe("ConfigMap", "a", eventUpdated, false) // e.g. a controller's status write
	if seen.allSeen() {
		t.Fatal("an update without our marker satisfied the expectation")
	}
	if got, want := seen.missing(), []string{"UPDATED ConfigMap/a"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("missing() = %v, want %v", got, want)
	}
	seen.observe("ConfigMap", "a", eventUpdated, true)
	if !seen.allSeen() {
		t.Fatalf("still missing %v after the marked update", seen.missing())
	}
}

func TestExpectationsIgnoreOtherObjects(t *testing.T) {
	seen := newExpectations()
	seen.expect("Secret", "a", eventAdded)
	seen.observe("Secret", "b", eventAdded, true)
	seen.observe("ConfigMap", "a", eventAdded, true)
	if seen.allSeen() {
		t.Fatal("events of other objects satisfied the expectation")
	}
}

func TestOrderErrors(t *testing.T) {
	seen := newExpectations()
	for _, typ := range []eventType{eventAdded, eventUpdated, eventUpdated, eventDeleted} {
		seen.observe("Deployment", "ok", typ, true)
	}
	for _, typ := range []eventType{eventAdded, eventDeleted, eventUpdated} {
		seen.observe("Deployment", "late-update", typ, true)
	}
	seen.observe("Secret", "no-delete", eventAdded, true)
	want := []string{
		"Deployment/late-update: events in wrong order: ADDED,DELETED,UPDATED",
		"Secret/no-delete: events in wrong order: ADDED",
	}
	if got := seen.orderErrors(); !reflect.DeepEqual(got, want) {
		t.Fatalf("orderErrors() = %v, want %v", got, want)
	}
}
