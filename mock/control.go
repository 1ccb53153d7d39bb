package mock

import (
	"encoding/json"
	"net/http"
	"time"
)

// control serves the control plane under ControlPrefix. Every answer, errors included, is JSON.
func (s *Server) control(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == ControlPrefix+"health" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "uptime": time.Since(s.started).Round(time.Millisecond).String()})
	default:
		writeJSON(w, http.StatusNotFound, controlError{Error: "no control-plane route " + r.Method + " " + r.URL.Path, Routes: controlRoutes})
	}
}

var controlRoutes = []string{"GET /_mock/health"}

type controlError struct {
	Error  string   `json:"error"`
	Routes []string `json:"routes,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
