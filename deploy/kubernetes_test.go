package deploy

import (
	"testing"

	"go.yaml.in/yaml/v3"
)

type k8sObject struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string
	Metadata   struct {
		Name        string
		Labels      map[string]string
		Annotations map[string]string
	}
	Spec yaml.Node
}

type probe struct {
	HTTPGet struct {
		Path string
		Port string
	} `yaml:"httpGet"`
}

type deployment struct {
	Selector struct {
		MatchLabels map[string]string `yaml:"matchLabels"`
	}
	Template struct {
		Metadata struct{ Labels map[string]string }
		Spec     struct {
			SecurityContext struct {
				RunAsNonRoot bool  `yaml:"runAsNonRoot"`
				RunAsUser    int64 `yaml:"runAsUser"`
			} `yaml:"securityContext"`
			Containers []struct {
				Name, Image string
				Ports       []struct {
					Name          string
					ContainerPort int `yaml:"containerPort"`
				}
				Env             []struct{ Name, Value string }
				SecurityContext struct {
					ReadOnlyRootFilesystem bool `yaml:"readOnlyRootFilesystem"`
				} `yaml:"securityContext"`
				ReadinessProbe *probe `yaml:"readinessProbe"`
				LivenessProbe  *probe `yaml:"livenessProbe"`
			}
		}
	}
}

type service struct {
	Selector map[string]string
	Ports    []struct {
		Name       string
		Port       int
		TargetPort string `yaml:"targetPort"`
	}
}

type ingress struct {
	IngressClassName string `yaml:"ingressClassName"`
	Rules            []struct {
		HTTP struct {
			Paths []struct {
				Backend struct {
					Service struct {
						Name string
						Port struct{ Name string }
					}
				}
			}
		}
	}
}

// TestKubernetes checks the manifests' shape: each object has its required fields, the
// Deployment runs read-only as the image's user with probes on /_mock/health, the Service
// selects its pods, the Ingress hashes on X-Mock-Session and routes to the Service.
func TestKubernetes(t *testing.T) {
	objs := decodeAll[k8sObject](t, "kubernetes/flowmock.yaml")
	byKind := map[string]k8sObject{}
	for i, o := range objs {
		if o.APIVersion == "" || o.Kind == "" || o.Metadata.Name == "" {
			t.Fatalf("document %d: apiVersion %q kind %q metadata.name %q: all required", i+1, o.APIVersion, o.Kind, o.Metadata.Name)
		}
		byKind[o.Kind] = o
	}
	var d deployment
	var s service
	var ing ingress
	for kind, v := range map[string]any{"Deployment": &d, "Service": &s, "Ingress": &ing} {
		o, ok := byKind[kind]
		if !ok {
			t.Fatalf("no %s in kubernetes/flowmock.yaml", kind)
		}
		if err := o.Spec.Decode(v); err != nil {
			t.Fatalf("%s spec: %v", kind, err)
		}
	}
	t.Run("Deployment", func(t *testing.T) { checkDeployment(t, d) })
	t.Run("Service", func(t *testing.T) {
		for k, v := range s.Selector {
			if d.Template.Metadata.Labels[k] != v {
				t.Errorf("selector %s=%s does not match the pod labels %v", k, v, d.Template.Metadata.Labels)
			}
		}
		if len(s.Ports) != 1 || s.Ports[0].TargetPort != "http" {
			t.Errorf("ports = %+v, want one with targetPort http", s.Ports)
		}
	})
	t.Run("Ingress", func(t *testing.T) {
		if got := byKind["Ingress"].Metadata.Annotations["nginx.ingress.kubernetes.io/upstream-hash-by"]; got != "$http_x_mock_session" {
			t.Errorf("upstream-hash-by = %q, want $http_x_mock_session", got)
		}
		if got := byKind["Ingress"].Metadata.Annotations["nginx.ingress.kubernetes.io/proxy-next-upstream"]; got != "off" {
			t.Errorf("proxy-next-upstream = %q, want off (another pod does not have the session)", got)
		}
		if ing.IngressClassName != "nginx" || len(ing.Rules) == 0 || len(ing.Rules[0].HTTP.Paths) == 0 {
			t.Fatalf("ingress = %+v, want class nginx with a rule and a path", ing)
		}
		b := ing.Rules[0].HTTP.Paths[0].Backend.Service
		if b.Name != byKind["Service"].Metadata.Name || b.Port.Name != s.Ports[0].Name {
			t.Errorf("backend = %+v, want service %s port %s", b, byKind["Service"].Metadata.Name, s.Ports[0].Name)
		}
	})
}

func checkDeployment(t *testing.T, d deployment) {
	for k, v := range d.Selector.MatchLabels {
		if d.Template.Metadata.Labels[k] != v {
			t.Errorf("selector %s=%s does not match the template labels", k, v)
		}
	}
	sc := d.Template.Spec.SecurityContext
	if !sc.RunAsNonRoot || sc.RunAsUser != 65532 {
		t.Errorf("pod securityContext = %+v, want runAsNonRoot as 65532 (the image's user)", sc)
	}
	if len(d.Template.Spec.Containers) != 1 {
		t.Fatalf("%d containers, want 1", len(d.Template.Spec.Containers))
	}
	c := d.Template.Spec.Containers[0]
	if len(c.Ports) != 1 || c.Ports[0].ContainerPort != 8080 || c.Ports[0].Name != "http" {
		t.Errorf("ports = %+v, want http 8080 (the image's FLOWMOCK_ADDR)", c.Ports)
	}
	if !c.SecurityContext.ReadOnlyRootFilesystem {
		t.Error("readOnlyRootFilesystem is not set: the image needs no writable disk")
	}
	for name, p := range map[string]*probe{"readinessProbe": c.ReadinessProbe, "livenessProbe": c.LivenessProbe} {
		if p == nil || p.HTTPGet.Path != "/_mock/health" || p.HTTPGet.Port != "http" {
			t.Errorf("%s = %+v, want httpGet /_mock/health on port http", name, p)
		}
	}
	documented := documentedEnv(t)
	for _, e := range c.Env {
		if !documented[e.Name] {
			t.Errorf("env %s is not in the README's variable table", e.Name)
		}
	}
}
