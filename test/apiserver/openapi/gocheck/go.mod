module vkube.local/openapi-gocheck

go 1.23

require (
	github.com/google/gnostic-models v0.6.9
	google.golang.org/protobuf v1.36.5
	k8s.io/kube-openapi v0.0.0-20250318190949-c8a335a9a2ff
	sigs.k8s.io/yaml v1.4.0
)

require gopkg.in/yaml.v3 v3.0.1 // indirect
